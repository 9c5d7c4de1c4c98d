package io.mcpgateway.session;

import java.security.MessageDigest;

import io.mcpgateway.upstream.UpstreamSession;

/**
 * A stored gateway session. The token is kept to act for the user; it is never logged ({@link #toString()} omits it)
 * and callers are authenticated against its digest only.
 */
public final class GatewaySession {

    private final String sessionId;
    private final String apiUrl;
    private final byte[] tokenDigest;
    private final String token;
    private final String principal;
    private final long createdAtMillis;
    private volatile long lastUsedAtMillis;
    private volatile UpstreamSession upstream;

    GatewaySession(InitRequest request, String principal, UpstreamSession upstream, long createdAtMillis) {
        this.sessionId = request.sessionId();
        this.apiUrl = request.apiUrl();
        this.tokenDigest = request.tokenDigest();
        this.token = request.jwtToken();
        this.principal = principal;
        this.upstream = upstream;
        this.createdAtMillis = createdAtMillis;
        this.lastUsedAtMillis = createdAtMillis;
    }

    /** Same apiUrl and same token (constant-time digest comparison). */
    public boolean presentedBy(InitRequest request) {
        return apiUrl.equals(request.apiUrl()) && MessageDigest.isEqual(tokenDigest, request.tokenDigest());
    }

    /** A new token may replace this one only for the same API and the same, known principal. */
    public boolean refreshableBy(InitRequest request, String presentedPrincipal) {
        return principal != null && principal.equals(presentedPrincipal) && apiUrl.equals(request.apiUrl());
    }

    void touch(long nowMillis) {
        lastUsedAtMillis = nowMillis;
    }

    public String sessionId() {
        return sessionId;
    }

    public String apiUrl() {
        return apiUrl;
    }

    public byte[] tokenDigest() {
        return tokenDigest.clone();
    }

    public String token() {
        return token;
    }

    public String principal() {
        return principal;
    }

    /** The MCP session the gateway holds upstream for this session; null when none was opened. */
    public UpstreamSession upstream() {
        return upstream;
    }

    /** After the upstream forgot the session and a new one was opened. */
    public void replaceUpstream(UpstreamSession replacement) {
        this.upstream = replacement;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    public long lastUsedAtMillis() {
        return lastUsedAtMillis;
    }

    @Override
    public String toString() {
        return "GatewaySession[sessionId=" + sessionId + "]";
    }
}

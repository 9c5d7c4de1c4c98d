package io.mcpgateway.session;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import io.mcpgateway.security.InitRequest;
import io.mcpgateway.security.TokenTimes;
import io.mcpgateway.upstream.UpstreamSession;

/**
 * What a store keeps of a session, as a value: everything a store of any kind (in memory, shared) must hold to serve
 * the session anywhere. A refresh stores a new record in place of the old. The token is kept to act for the user; it
 * is never logged ({@link #toString()} omits it) and callers are authenticated against its digest only. The times a
 * store's bounds depend on (first opening, last successful use) are the store's own bookkeeping, not part of it.
 *
 * @param upstreams the MCP sessions opened upstream with the record, by upstream name: one entry per upstream that
 *                  could be opened (an upstream missing here is opened at its first use)
 */
public record SessionRecord(String sessionId, String apiUrl, byte[] tokenDigest, String token, String principal,
                            String clientAddress, TokenTimes tokenTimes, Map<String, UpstreamSession> upstreams) {

    public SessionRecord {
        Objects.requireNonNull(sessionId);
        Objects.requireNonNull(apiUrl);
        tokenDigest = tokenDigest.clone();
        tokenTimes = tokenTimes == null ? TokenTimes.NONE : tokenTimes;
        upstreams = upstreams == null ? Map.of() : Map.copyOf(upstreams);
    }

    /** The record of a session whose credentials were just validated for this request. */
    public static SessionRecord of(InitRequest request, String principal, String clientAddress, TokenTimes tokenTimes,
                                   Map<String, UpstreamSession> upstreams) {
        return new SessionRecord(request.sessionId(), request.apiUrl(), request.tokenDigest(), request.jwtToken(),
                principal, clientAddress, tokenTimes, upstreams);
    }

    /** The same session, in these upstream sessions (a legacy re-handshake opened a new one, or a first use did). */
    public SessionRecord withUpstreams(Map<String, UpstreamSession> replaced) {
        return new SessionRecord(sessionId, apiUrl, tokenDigest, token, principal, clientAddress, tokenTimes, replaced);
    }

    @Override
    public byte[] tokenDigest() {
        return tokenDigest.clone();
    }

    /** Same apiUrl and same token (constant-time digest comparison). */
    public boolean presentedBy(InitRequest request) {
        return apiUrl.equals(request.apiUrl()) && MessageDigest.isEqual(tokenDigest, request.tokenDigest());
    }

    /** A new token may replace this one only for the same API and the same, known principal. */
    public boolean refreshableBy(InitRequest request, String presentedPrincipal) {
        return principal != null && principal.equals(presentedPrincipal) && apiUrl.equals(request.apiUrl());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionRecord other && sessionId.equals(other.sessionId) && apiUrl.equals(other.apiUrl)
                && Arrays.equals(tokenDigest, other.tokenDigest) && Objects.equals(token, other.token)
                && Objects.equals(principal, other.principal) && Objects.equals(clientAddress, other.clientAddress)
                && tokenTimes.equals(other.tokenTimes) && upstreams.equals(other.upstreams);
    }

    @Override
    public int hashCode() {
        return 31 * sessionId.hashCode() + Arrays.hashCode(tokenDigest);
    }

    @Override
    public String toString() {
        return "SessionRecord[sessionId=" + sessionId + "]";
    }
}

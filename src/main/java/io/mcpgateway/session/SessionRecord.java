package io.mcpgateway.session;

import java.security.MessageDigest;
import java.util.Arrays;
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
 * @param upstream the MCP session opened upstream with the record; null when none was opened
 */
public record SessionRecord(String sessionId, String apiUrl, byte[] tokenDigest, String token, String principal,
                            String clientAddress, TokenTimes tokenTimes, UpstreamSession upstream) {

    public SessionRecord {
        Objects.requireNonNull(sessionId);
        Objects.requireNonNull(apiUrl);
        tokenDigest = tokenDigest.clone();
        tokenTimes = tokenTimes == null ? TokenTimes.NONE : tokenTimes;
    }

    /** The record of a session whose credentials were just validated for this request. */
    public static SessionRecord of(InitRequest request, String principal, String clientAddress, TokenTimes tokenTimes,
                                   UpstreamSession upstream) {
        return new SessionRecord(request.sessionId(), request.apiUrl(), request.tokenDigest(), request.jwtToken(),
                principal, clientAddress, tokenTimes, upstream);
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
                && tokenTimes.equals(other.tokenTimes) && Objects.equals(upstream, other.upstream);
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

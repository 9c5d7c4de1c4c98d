package io.mcpgateway.session;

import java.security.MessageDigest;

import io.mcpgateway.security.TokenTimes;
import io.mcpgateway.upstream.UpstreamSession;

/**
 * A stored gateway session. The token is kept to act for the user; it is never logged ({@link #toString()} omits it)
 * and callers are authenticated against its digest only. Times are {@link System#nanoTime()}-style readings of the
 * store's ticker.
 */
public final class GatewaySession {

    private final String sessionId;
    private final String apiUrl;
    private final byte[] tokenDigest;
    private final String token;
    private final String principal;
    private final String clientAddress;
    private final TokenTimes tokenTimes;
    /** When the session was first opened: a refresh keeps it, so the lifetime cap holds whatever the use. */
    private final long openedNanos;
    private volatile long lastUsedNanos;
    private final Revalidation revalidation;
    private volatile UpstreamSession upstream;

    // guarded by this
    private int callsInFlight;
    private Runnable afterCalls;

    GatewaySession(InitRequest request, String principal, String clientAddress, TokenTimes tokenTimes,
                   UpstreamSession upstream, long openedNanos, long nowNanos) {
        this.sessionId = request.sessionId();
        this.apiUrl = request.apiUrl();
        this.tokenDigest = request.tokenDigest();
        this.token = request.jwtToken();
        this.principal = principal;
        this.clientAddress = clientAddress;
        this.tokenTimes = tokenTimes == null ? TokenTimes.NONE : tokenTimes;
        this.upstream = upstream;
        this.openedNanos = openedNanos;
        this.lastUsedNanos = nowNanos;
        this.revalidation = new Revalidation(nowNanos);
    }

    /** Same apiUrl and same token (constant-time digest comparison). */
    public boolean presentedBy(InitRequest request) {
        return apiUrl.equals(request.apiUrl()) && MessageDigest.isEqual(tokenDigest, request.tokenDigest());
    }

    /** A new token may replace this one only for the same API and the same, known principal. */
    public boolean refreshableBy(InitRequest request, String presentedPrincipal) {
        return principal != null && principal.equals(presentedPrincipal) && apiUrl.equals(request.apiUrl());
    }

    void touch(long nowNanos) {
        lastUsedNanos = nowNanos;
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

    /** The session's credentials as an /init would present them, for a probe of them. */
    public InitRequest credentials() {
        return InitRequest.of(sessionId, apiUrl, token);
    }

    public String principal() {
        return principal;
    }

    /** The TCP address of the caller that opened the session (what the per-client bound counts). */
    public String clientAddress() {
        return clientAddress;
    }

    public TokenTimes tokenTimes() {
        return tokenTimes;
    }

    /** The MCP session the gateway holds upstream for this session; null when none was opened. */
    public UpstreamSession upstream() {
        return upstream;
    }

    /** After the upstream forgot the session and a new one was opened. */
    public void replaceUpstream(UpstreamSession replacement) {
        this.upstream = replacement;
    }

    long openedNanos() {
        return openedNanos;
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    /** A request on this session started: its upstream session must outlive it. */
    public synchronized void callStarted() {
        callsInFlight++;
    }

    /** A request on this session finished; the last one runs what {@link #afterCallsInFlight} deferred. */
    public void callEnded() {
        Runnable deferred;
        synchronized (this) {
            if (--callsInFlight > 0 || afterCalls == null) {
                return;
            }
            deferred = afterCalls;
            afterCalls = null;
        }
        deferred.run();
    }

    /**
     * Runs the action now when no request is in flight on this session, else when the last one finishes (each is
     * bounded by its own deadline): a refreshed or ended session's upstream session is ended only then.
     */
    public void afterCallsInFlight(Runnable action) {
        synchronized (this) {
            if (callsInFlight > 0) {
                afterCalls = action;
                return;
            }
        }
        action.run();
    }

    /** When the credential API last accepted this session's token, and the re-validation in progress. */
    Revalidation revalidation() {
        return revalidation;
    }

    @Override
    public String toString() {
        return "GatewaySession[sessionId=" + sessionId + "]";
    }
}

package io.mcpgateway.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.mcpgateway.security.InitRequest;
import io.mcpgateway.security.InspectJwt;
import io.mcpgateway.security.TokenTimes;
import io.mcpgateway.upstream.CallerSession;
import io.mcpgateway.upstream.UpstreamSession;

/**
 * A stored session as this JVM serves it: its {@link SessionRecord} (a value, the same in any store) and, beside it,
 * what belongs to this JVM by nature and would not be shared by a store across gateways: the requests in flight on
 * the session here, the re-validation in progress here, and the upstream session a legacy re-handshake on this JVM
 * moved it to. {@link #toString()} omits the token.
 */
public final class GatewaySession implements CallerSession {

    private final SessionRecord record;
    private final String version;
    private final Revalidation revalidation;
    private final Consumer<Map<String, UpstreamSession>> upstreamReplaced;
    private volatile Map<String, UpstreamSession> upstreams;
    private volatile Map<String, Object> claims;
    private final Object upstreamsLock = new Object();

    // guarded by this
    private int callsInFlight;
    private Runnable afterCalls;

    /** @param nowNanos when the credential API accepted the record's token, as {@link System#nanoTime()} */
    GatewaySession(SessionRecord record, long nowNanos) {
        this(record, nowNanos, null, replacement -> { });
    }

    /**
     * A handle of a record held by a shared store.
     *
     * @param acceptedNanos    when the credential API last accepted the record's token, as {@link System#nanoTime()}
     * @param version          the store's version of the record: what "exactly this session" means to it
     * @param upstreamReplaced tells the store of a new upstream session (a legacy re-handshake, a first use), for the
     *                         other JVMs: the session's upstream sessions as they now are
     */
    GatewaySession(SessionRecord record, long acceptedNanos, String version,
                   Consumer<Map<String, UpstreamSession>> upstreamReplaced) {
        this.record = record;
        this.version = version;
        this.upstreams = record.upstreams();
        this.revalidation = new Revalidation(acceptedNanos);
        this.upstreamReplaced = upstreamReplaced;
    }

    public SessionRecord record() {
        return record;
    }

    public boolean presentedBy(InitRequest request) {
        return record.presentedBy(request);
    }

    public boolean refreshableBy(InitRequest request, String presentedPrincipal) {
        return record.refreshableBy(request, presentedPrincipal);
    }

    @Override
    public String sessionId() {
        return record.sessionId();
    }

    @Override
    public String apiUrl() {
        return record.apiUrl();
    }

    public byte[] tokenDigest() {
        return record.tokenDigest();
    }

    @Override
    public String token() {
        return record.token();
    }

    /** The session's credentials as an /init would present them, for a probe of them. */
    public InitRequest credentials() {
        return InitRequest.of(record.sessionId(), record.apiUrl(), record.token());
    }

    public String principal() {
        return record.principal();
    }

    /** The TCP address of the caller that opened the session (what the per-client bound counts). */
    public String clientAddress() {
        return record.clientAddress();
    }

    public TokenTimes tokenTimes() {
        return record.tokenTimes();
    }

    @Override
    public UpstreamSession upstream(String upstreamName) {
        return upstreams.get(upstreamName);
    }

    /** Every upstream session of this gateway session, by upstream name. */
    public Map<String, UpstreamSession> upstreams() {
        return upstreams;
    }

    /**
     * Two upstreams' sessions replaced at once (a merged list opening both at their first use) must both be kept: the
     * map is changed and handed to the store under one lock, so the store's last write holds both. (Two replicas
     * doing the same for one session can still lose one; that upstream session then expires upstream.)
     */
    @Override
    public void replaceUpstream(String upstreamName, UpstreamSession replacement) {
        synchronized (upstreamsLock) { // not this: calls starting and ending on the session never wait on the store
            Map<String, UpstreamSession> replaced = new LinkedHashMap<>(upstreams);
            replaced.put(upstreamName, replacement);
            upstreams = Map.copyOf(replaced);
            upstreamReplaced.accept(upstreams);
        }
    }

    /** Another JVM moved the session to these upstream sessions (a shared store saw its record sealed again). */
    void adoptUpstreams(Map<String, UpstreamSession> moved) {
        this.upstreams = moved;
    }

    /**
     * The claims of the session's JWT, for the tool policy: read once per handle, as {@link InspectJwt} read them when
     * the session was opened (the credential API vouched for the token; the gateway does not verify its signature).
     */
    public Map<String, Object> claims() {
        Map<String, Object> read = claims;
        if (read == null) {
            read = InspectJwt.claims(record.token());
            claims = read;
        }
        return read;
    }

    /** The store's version of the record (null in a store of this JVM, where the handle itself is the identity). */
    String version() {
        return version;
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
        return "GatewaySession[sessionId=" + sessionId() + "]";
    }
}

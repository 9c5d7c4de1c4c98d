package io.mcpgateway.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.security.InitRequest;
import io.mcpgateway.state.redis.RedisKeys;
import io.mcpgateway.state.redis.RedisScript;
import io.mcpgateway.state.redis.RedisState;
import io.mcpgateway.state.redis.StateSealing;
import io.mcpgateway.upstream.UpstreamSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateway sessions on Redis, shared by every replica: any replica serves any session, the bounds hold across them,
 * and a session that ends (expiry, eviction, replacement) is ended by exactly one of them, whichever notices first:
 * every decision is one call of {@code sessions.lua}, on the server's clock.
 *
 * <p>What Redis holds of a session: a hash under {@code <prefix>session:{<name>}}, where the name is a keyed HMAC of
 * the session id; in it the record sealed with AES-256-GCM (bound to that key), a random generation (what "exactly
 * this session" means when it is closed or touched), the keyed HMACs a reuse and a conflict are decided on, the owner's
 * and client address's names for the per-principal and per-client bounds, and three times. Beside it, two orders
 * (last successful use, first opening) and the counts. No session id, token, apiUrl or principal is held in clear,
 * as a key or as a value.
 *
 * <p>Each JVM keeps a handle per record it serves ({@link GatewaySession}: the requests in flight here, the
 * re-validation in progress here), found again as long as the record is the same. A session's ending is found by
 * {@link #cleanUp} (every second on each replica) or by the lookup that meets it; keyspace notifications are not
 * used, since Redis does not redeliver them.
 */
public final class RedisSessionStore implements SessionStore {

    public static final RedisScript SCRIPT = RedisScript.resource("sessions");

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
    /** Sessions ended by one clean-up call at most, from each of the two orders: a bounded script. */
    private static final int SWEEP_BATCH = 100;
    /**
     * How long a record outlives its maximum lifetime in Redis should no replica sweep it: a safety net against a
     * store that no gateway runs against any more, long enough that a running replica always sweeps first.
     */
    private static final Duration SAFETY_MARGIN = Duration.ofDays(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisState redis;
    private final RedisKeys keys;
    private final StateSealing sealing;
    private final Limits limits;
    private final LongSupplier clockOffsetMillis;
    private final List<String> shared;
    private final Cache<String, Handle> handles;
    private volatile BiConsumer<GatewaySession, Ending> onEnded = (session, ending) -> { };

    /** A handle of this JVM and the sealed record it was made from (a record sealed again is a new handle). */
    private record Handle(String blob, GatewaySession session) {
    }

    public RedisSessionStore(RedisState redis, RedisKeys keys, StateSealing sealing, Limits limits) {
        this(redis, keys, sealing, limits, () -> 0);
    }

    /** @param clockOffsetMillis added to the server's clock (tests move time with it; 0 in production) */
    RedisSessionStore(RedisState redis, RedisKeys keys, StateSealing sealing, Limits limits,
                      LongSupplier clockOffsetMillis) {
        this.redis = redis;
        this.keys = keys;
        this.sealing = sealing;
        this.limits = limits;
        this.clockOffsetMillis = clockOffsetMillis;
        this.shared = List.of(keys.prefix() + "sessions:by-use", keys.prefix() + "sessions:by-opening",
                keys.prefix() + "sessions:owners", keys.prefix() + "sessions:per-owner",
                keys.prefix() + "sessions:per-client");
        this.handles = Caffeine.newBuilder().maximumSize(Math.min(limits.maxSessions(), 100_000))
                .expireAfterAccess(limits.idleTtl()).build();
    }

    @Override
    public Optional<GatewaySession> peek(String sessionId) {
        String name = name(sessionId);
        List<?> reply = (List<?>) call("peek", name);
        switch (text(reply, 0)) {
            case "ended" -> {
                ended(name, text(reply, 2), Ending.valueOf(text(reply, 1).toUpperCase()));
                return Optional.empty();
            }
            case "live" -> {
                return handle(name, text(reply, 1), text(reply, 2), Long.parseLong(text(reply, 3)));
            }
            default -> {
                return movedFromPreviousKey(sessionId, name);
            }
        }
    }

    /**
     * While GATEWAY_STATE_KEY_PREVIOUS is set, a session stored under the previous key's name is moved to the current
     * one at its first lookup: sealed again and named again, its times kept, so a key rotation logs nobody out.
     */
    private Optional<GatewaySession> movedFromPreviousKey(String sessionId, String name) {
        Optional<String> previous = sealing.previousName("session", sessionId);
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        List<?> reply = (List<?>) call("peek", previous.get());
        if (!"live".equals(text(reply, 0))) {
            return Optional.empty();
        }
        Optional<SessionRecord> record = open(previous.get(), text(reply, 1));
        if (record.isEmpty()) {
            return Optional.empty();
        }
        SessionRecord moving = record.get();
        call("move", name, previous.get(), seal(name, moving), credentials(moving.apiUrl(), moving.tokenDigest()),
                sealing.name("api", moving.apiUrl()), owner(moving.principal()),
                sealing.name("client", moving.clientAddress()));
        List<?> moved = (List<?>) call("peek", name);
        return "live".equals(text(moved, 0))
                ? handle(name, text(moved, 1), text(moved, 2), Long.parseLong(text(moved, 3))) : Optional.empty();
    }

    @Override
    public boolean wasEvicted(String sessionId) {
        if (evictedUnder(name(sessionId))) {
            return true;
        }
        Optional<String> previous = sealing.previousName("session", sessionId);
        return previous.isPresent() && evictedUnder(previous.get());
    }

    private boolean evictedUnder(String name) {
        List<?> reply = (List<?>) call("peek", name);
        return "none".equals(text(reply, 0)) && Long.valueOf(1).equals(reply.get(1));
    }

    @Override
    public void markUsed(GatewaySession session) {
        call("touch", name(session.sessionId()), session.version());
    }

    @Override
    public void revalidated(GatewaySession session) {
        call("validated", name(session.sessionId()), session.version());
    }

    @Override
    public void admit(InitRequest request, String principal, String clientAddress) {
        refuseOn((String) call("admit", name(request.sessionId()), credentials(request.apiUrl(), request.tokenDigest()),
                sealing.name("api", request.apiUrl()), owner(principal), sealing.name("client", clientAddress),
                Long.toString(limits.maxPerPrincipal()), Long.toString(limits.maxPerClient())));
    }

    @Override
    public Stored store(SessionRecord record) {
        String name = name(record.sessionId());
        String version = randomVersion();
        String blob = seal(name, record);
        List<?> reply = (List<?>) call("store", name, blob, version,
                credentials(record.apiUrl(), record.tokenDigest()), sealing.name("api", record.apiUrl()),
                owner(record.principal()), sealing.name("client", record.clientAddress()),
                Long.toString(limits.maxSessions()), Long.toString(limits.maxPerPrincipal()),
                Long.toString(limits.maxPerClient()), Long.toString(limits.maxLifetime().plus(SAFETY_MARGIN).toMillis()));
        String outcome = text(reply, 0);
        refuseOn(outcome);
        Handle previous = handles.getIfPresent(name);
        handles.put(name, new Handle(blob, newHandle(name, record, System.nanoTime(), version)));
        for (int i = 1; i + 2 < reply.size(); i += 3) {
            Ending ending = Ending.valueOf(text(reply, i).toUpperCase());
            String endedBlob = text(reply, i + 2);
            if (ending == Ending.REPLACED && previous != null && previous.blob().equals(endedBlob)) {
                notifyEnded(previous.session(), ending); // its requests in flight here finish first
            } else {
                ended(text(reply, i + 1), endedBlob, ending);
            }
        }
        return outcome.equals("created") ? Stored.CREATED : Stored.REFRESHED;
    }

    @Override
    public boolean close(GatewaySession session) {
        boolean removed = remove(session);
        if (removed) {
            StoreEvents.logClosed(session);
        }
        return removed;
    }

    @Override
    public boolean end(GatewaySession session, Ending ending) {
        boolean removed = remove(session);
        if (removed) {
            notifyEnded(session, ending);
        }
        return removed;
    }

    @Override
    public void cleanUp() {
        List<?> reply = (List<?>) call("sweep", "", Integer.toString(SWEEP_BATCH));
        for (int i = 0; i + 2 < reply.size(); i += 3) {
            ended(text(reply, i + 1), text(reply, i + 2), Ending.valueOf(text(reply, i).toUpperCase()));
        }
    }

    @Override
    public long size() {
        return (Long) call("size", "");
    }

    /** Opens every stored record: for tests and operators' counts, not for a request's path. */
    @Override
    public Set<String> ids() {
        List<?> reply = (List<?>) call("names", "");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            open(text(reply, i), text(reply, i + 1)).ifPresent(record -> ids.add(record.sessionId()));
        }
        return Set.copyOf(ids);
    }

    @Override
    public void onEnded(BiConsumer<GatewaySession, Ending> action) {
        this.onEnded = action;
    }

    private boolean remove(GatewaySession session) {
        String name = name(session.sessionId());
        boolean removed = Long.valueOf(1).equals(call("remove", name, session.version()));
        if (removed) {
            handles.invalidate(name);
        }
        return removed;
    }

    private Optional<GatewaySession> handle(String name, String blob, String version, long sinceValidatedMillis) {
        Handle known = handles.getIfPresent(name);
        if (known != null && known.blob().equals(blob)) {
            return Optional.of(known.session());
        }
        Optional<SessionRecord> record = open(name, blob);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        if (known != null && version.equals(known.session().version())) {
            // the same record, sealed again by a re-handshake on some replica: the same handle, on the new upstream session
            known.session().adoptUpstreams(record.get().upstreams());
            handles.put(name, new Handle(blob, known.session()));
            return Optional.of(known.session());
        }
        long acceptedNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(Math.max(0, sinceValidatedMillis));
        GatewaySession session = newHandle(name, record.get(), acceptedNanos, version);
        handles.put(name, new Handle(blob, session));
        return Optional.of(session);
    }

    private GatewaySession newHandle(String name, SessionRecord record, long acceptedNanos, String version) {
        return new GatewaySession(record, acceptedNanos, version, replacement -> reseal(name, record, version, replacement));
    }

    /** A re-handshake or a first use opened a new upstream session: every replica uses it from now on. */
    private void reseal(String name, SessionRecord record, String version, Map<String, UpstreamSession> replacement) {
        SessionRecord moved = record.withUpstreams(replacement);
        try {
            call("reseal", name, version, seal(name, moved));
        } catch (GatewayException e) {
            // this JVM keeps using the new upstream session; another replica re-handshakes once more on its own
            LOG.warn("[GATEWAY] The new upstream session of session_id: {} could not be shared ({})",
                    record.sessionId(), e.type());
        }
    }

    /** A session the store ended: the handle this JVM has of it, else one made from its sealed record. */
    private void ended(String name, String blob, Ending ending) {
        Handle known = handles.getIfPresent(name);
        handles.invalidate(name);
        if (blob.isEmpty()) {
            LOG.warn("[GATEWAY] A session's record was gone from Redis when it ended ({}): its upstream session, if"
                    + " any, is left to the upstream's own expiry", ending);
            return;
        }
        if (known != null && known.blob().equals(blob)) {
            notifyEnded(known.session(), ending);
            return;
        }
        open(name, blob).ifPresent(record -> notifyEnded(newHandle(name, record, System.nanoTime(), null), ending));
    }

    private void notifyEnded(GatewaySession session, Ending ending) {
        StoreEvents.logEnded(session, ending);
        onEnded.accept(session, ending);
    }

    private static void refuseOn(String outcome) {
        switch (outcome) {
            case "conflict" -> throw StoreEvents.conflict();
            case "owner-limit" -> throw StoreEvents.tooManyForPrincipal();
            case "client-limit" -> throw StoreEvents.tooManyFromClient();
            default -> { }
        }
    }

    private Object call(String operation, String name, String... arguments) {
        List<String> keyList = new ArrayList<>(7);
        keyList.add(keys.key("session", name));
        keyList.add(keys.key("evicted", name));
        keyList.addAll(shared);
        List<String> args = new ArrayList<>(6 + arguments.length);
        args.add(operation);
        args.add(Long.toString(clockOffsetMillis.getAsLong()));
        args.add(keys.prefix());
        args.add(name);
        args.add(Long.toString(limits.idleTtl().toMillis()));
        args.add(Long.toString(limits.maxLifetime().toMillis()));
        args.addAll(List.of(arguments));
        return redis.run(SCRIPT, keyList, args);
    }

    private String name(String sessionId) {
        return sealing.name("session", sessionId);
    }

    private String owner(String principal) {
        return principal == null ? "" : sealing.name("owner", principal);
    }

    private String credentials(String apiUrl, byte[] tokenDigest) {
        return sealing.name("credentials", apiUrl + "\n" + Base64.getEncoder().encodeToString(tokenDigest));
    }

    private String seal(String name, SessionRecord record) {
        return Base64.getEncoder().encodeToString(sealing.seal(keys.key("session", name), SessionRecordCodec.encode(record)));
    }

    private Optional<SessionRecord> open(String name, String blob) {
        return sealing.open(keys.key("session", name), Base64.getDecoder().decode(blob)).map(SessionRecordCodec::decode);
    }

    private static String text(List<?> reply, int index) {
        return RedisState.text(reply.get(index));
    }

    private static String randomVersion() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package io.mcpgateway.config;

/**
 * The limits that are deliberately not settings, declared beside the settings with the reason each is fixed. The
 * code that applies one keeps its own constant (or literal); FixedLimitTest and the upstream package's test hold the
 * two equal, and ConfigurationReferenceTest holds the "Fixed limits" table of docs/configuration.md to this list.
 */
public enum FixedLimit {
    INIT_BODY(16 * 1024, "16384 bytes",
            "An /init body is three short strings; anything larger is not a real request."),
    TOOL_LIST_PAGES(10, "10 pages",
            "Bounds the work one tool-list fetch may cause; a server with more pages is misbehaving, not large."),
    NOTIFICATIONS_KEPT(100, "100 per call",
            "Bounds the memory one upstream answer may take with notifications the caller never asked for."),
    SERVER_REQUESTS(10, "10 per call",
            "Bounds the requests an upstream server may send back during one call; each is answered, none forwarded."),
    RESERVED_WORKERS(16, "16 threads",
            "HTTP workers beyond the tool-call and probe slots, so /init, closes and error answers always find one;"
                    + " the slots themselves are the settings to tune."),
    FOLLOWERS_PER_PROBE(2, "2 per probe slot",
            "Identical /inits waiting on a probe in progress each hold a worker; scaled by VALIDATION_MAX_CONCURRENT."),
    BREAKER_WINDOW(20, "20 calls",
            "The upstream breaker judges the last 20 calls: long enough not to trip on one bad second, short enough to"
                    + " open within a few seconds of an outage. MCP_CIRCUIT_OPEN_SECONDS is the part operators tune."),
    BREAKER_MINIMUM_CALLS(10, "10 calls", "No verdict on fewer calls: two failures at start-up must not open it."),
    BREAKER_FAILURE_RATE(50, "50 percent", "Half the window failing is an outage, not noise."),
    BREAKER_HALF_OPEN_TRIALS(3, "3 calls", "Enough trial calls to see recovery, few enough to spare a server that has not."),
    UPSTREAM_POOL(200, "200 connections",
            "Above the default MCP_MAX_CONCURRENT_CALLS (32), the bound that matters; one route, so total = per route."
                    + " Past 200 concurrent calls a call waits for a connection, up to MCP_CONNECTION_TIMEOUT."),
    CREDENTIAL_API_POOL(64, "64 connections",
            "Above VALIDATION_MAX_CONCURRENT's default, which bounds the probes; a pool is a cache, not a limit."),
    CREDENTIAL_API_POOL_PER_ROUTE(8, "8 connections", "No single credential API may hold most of the probe pool."),
    POOL_VALIDATE_AFTER_IDLE_MILLIS(100, "100 ms",
            "A pooled upstream connection idle this long is checked before reuse, so a restarted server does not fail a"
                    + " tool call that must not be sent twice; under load connections are reused sooner and never checked."),
    UPSTREAMS_FILE_CHECK_SECONDS(5, "5 s",
            "How often MCP_UPSTREAMS_FILE is checked for a change: reading a small file costs nothing, and an edit is"
                    + " in use within seconds everywhere it is mounted."),
    LEGACY_ERA_MEMORY_MINUTES(10, "10 minutes",
            "How long an upstream origin that answered in the legacy protocol is remembered before it is probed again:"
                    + " servers get upgraded, and one probe per origin per 10 minutes costs nothing."),
    STREAM_DRAIN_MILLIS(50, "50 ms",
            "What is read of an event stream after its answer so its connection can be reused: the end is normally"
                    + " under a millisecond away; a caller never waits longer than this for it."),
    STREAM_DRAIN_BYTES(64 * 1024, "65536 bytes", "The same drain, bounded in bytes."),
    STREAM_RESUMPTIONS(5, "5 per call", "Resumptions of a cut event stream within one call's deadline.");

    /** The value in the unit the code uses. */
    public final long value;
    /** The value as the documentation shows it. */
    public final String shown;
    public final String reason;

    FixedLimit(long value, String shown, String reason) {
        this.value = value;
        this.shown = shown;
        this.reason = reason;
    }
}

package io.mcpgateway.state.redis;

/**
 * The layout of every key the gateway writes: {@code <prefix><kind>:{<tag>}}, such as
 * {@code mcpgw:rate:tools:{<name of the session id>}}. The tag is a keyed name ({@link StateSealing#name}), never a
 * caller's value. The braces make it a Redis Cluster hash tag: every key of one session (its record, its rate window,
 * its leases) has the session's name as tag and so lands in one slot, where one script may touch them all.
 */
public record RedisKeys(String prefix) {

    public String key(String kind, String tag) {
        return prefix + kind + ":{" + tag + "}";
    }
}

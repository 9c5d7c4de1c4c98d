package io.mcpgateway.tools;

import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;

/** The upstream's latest tool list per gateway session, kept briefly so calls can be validated against its schemas. */
public class ToolListCache {

    private final Cache<String, JsonNode> tools;

    public ToolListCache(Duration ttl, long maxSessions) {
        // expired lists are dropped on time, not at the next use of the cache, which may be long after a busy spell
        this.tools = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxSessions)
                .scheduler(Scheduler.systemScheduler()).recordStats().build();
    }

    /** A page of the session's tools: the first page replaces what was known, later pages add to it. */
    public void put(String sessionId, JsonNode toolArray, boolean firstPage) {
        tools.asMap().merge(sessionId, toolArray.deepCopy(), (known, page) ->
                firstPage ? page : ((com.fasterxml.jackson.databind.node.ArrayNode) known.deepCopy()).addAll(
                        (com.fasterxml.jackson.databind.node.ArrayNode) page));
    }

    /** Whether the session's tool list is known (fresh), whatever it contains. */
    public boolean knows(String sessionId) {
        return tools.getIfPresent(sessionId) != null;
    }

    /** The input schema the upstream published for the tool, when its list is known (never without a session). */
    public Optional<JsonNode> inputSchema(String sessionId, String toolName) {
        if (sessionId == null || toolName == null) {
            return Optional.empty();
        }
        JsonNode list = tools.getIfPresent(sessionId);
        if (list == null) {
            return Optional.empty();
        }
        for (JsonNode tool : list) {
            if (toolName.equals(tool.path("name").asText(null))) {
                return Optional.ofNullable(tool.get("inputSchema"));
            }
        }
        return Optional.empty();
    }

    /** The underlying cache, for its statistics (hits, misses, evictions). */
    public Cache<String, JsonNode> cache() {
        return tools;
    }

    public void forget(String sessionId) {
        tools.invalidate(sessionId);
    }
}

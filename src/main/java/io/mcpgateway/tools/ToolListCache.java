package io.mcpgateway.tools;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;

/**
 * Each upstream's latest tool list per gateway session, kept briefly so calls can be validated against its schemas
 * and their names resolved. A list that could not be had is remembered as unavailable for as long.
 */
public class ToolListCache {

    /** Held for a list that could not be had: known, and without tools. */
    private static final JsonNode UNAVAILABLE = MissingNode.getInstance();

    private final Cache<String, JsonNode> tools;

    /** @param maxLists sessions times upstreams */
    public ToolListCache(Duration ttl, long maxLists) {
        // expired lists are dropped on time, not at the next use of the cache, which may be long after a busy spell
        this.tools = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxLists)
                .scheduler(Scheduler.systemScheduler()).recordStats().build();
    }

    /** Session ids and upstream names hold no space. */
    private static String key(String sessionId, String upstream) {
        return sessionId + ' ' + upstream;
    }

    /** A page of the session's tools from the upstream: the first page replaces what was known, later ones add. */
    public void put(String sessionId, String upstream, JsonNode toolArray, boolean firstPage) {
        tools.asMap().merge(key(sessionId, upstream), toolArray.deepCopy(), (known, page) ->
                firstPage || !known.isArray() ? page : ((ArrayNode) known.deepCopy()).addAll((ArrayNode) page));
    }

    /** The upstream's list could not be had for the session. */
    public void putUnavailable(String sessionId, String upstream) {
        tools.put(key(sessionId, upstream), UNAVAILABLE);
    }

    /** Whether the session's tool list from the upstream is known (fresh), or known to be unavailable. */
    public boolean knows(String sessionId, String upstream) {
        return tools.getIfPresent(key(sessionId, upstream)) != null;
    }

    /** The session's tools from the upstream, when their list is known and was available. */
    public Optional<ArrayNode> tools(String sessionId, String upstream) {
        return Optional.ofNullable(tools.getIfPresent(key(sessionId, upstream)))
                .filter(JsonNode::isArray).map(ArrayNode.class::cast);
    }

    /** The input schema the upstream published for the tool, when its list is known (never without a session). */
    public Optional<JsonNode> inputSchema(String sessionId, String upstream, String toolName) {
        if (sessionId == null || toolName == null) {
            return Optional.empty();
        }
        return tools(sessionId, upstream).flatMap(list -> {
            for (JsonNode tool : list) {
                if (toolName.equals(tool.path("name").asText(null))) {
                    return Optional.ofNullable(tool.get("inputSchema"));
                }
            }
            return Optional.empty();
        });
    }

    /** The underlying cache, for its statistics (hits, misses, evictions). */
    public Cache<String, JsonNode> cache() {
        return tools;
    }

    /** @param upstreams every upstream the session may have lists of */
    public void forget(String sessionId, Collection<String> upstreams) {
        upstreams.forEach(upstream -> tools.invalidate(key(sessionId, upstream)));
    }
}

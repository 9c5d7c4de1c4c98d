package io.mcpgateway.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.security.TokenTimes;
import io.mcpgateway.upstream.UpstreamRegistry;
import io.mcpgateway.upstream.UpstreamSession;

/**
 * A {@link SessionRecord} as the bytes a shared store seals: JSON with a format version, every field of the record.
 * The bytes hold the token and the other secrets in clear, so they exist only on their way into or out of a seal.
 */
final class SessionRecordCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sessions with upstreams by name: "upstreams". */
    private static final int FORMAT = 2;
    /**
     * A single "upstream", the default one's: what gateways before several upstreams read and wrote. Still written
     * for a session of the default upstream alone, so that replicas of both versions share it during a rolling upgrade.
     */
    private static final int FORMAT_ONE_UPSTREAM = 1;

    private SessionRecordCodec() {
    }

    static byte[] encode(SessionRecord record) {
        boolean defaultOnly = record.upstreams().keySet().stream().allMatch(UpstreamRegistry.DEFAULT::equals);
        ObjectNode json = JSON.createObjectNode().put("v", defaultOnly ? FORMAT_ONE_UPSTREAM : FORMAT)
                .put("id", record.sessionId())
                .put("apiUrl", record.apiUrl())
                .put("tokenDigest", Base64.getEncoder().encodeToString(record.tokenDigest()))
                .put("token", record.token()).put("principal", record.principal())
                .put("client", record.clientAddress());
        if (record.tokenTimes().notBefore() != null) {
            json.put("nbf", record.tokenTimes().notBefore());
        }
        if (record.tokenTimes().expiresAt() != null) {
            json.put("exp", record.tokenTimes().expiresAt());
        }
        if (defaultOnly) {
            UpstreamSession upstream = record.upstreams().get(UpstreamRegistry.DEFAULT);
            if (upstream != null) {
                put(json.putObject("upstream"), upstream);
            }
        } else {
            ObjectNode upstreams = json.putObject("upstreams");
            record.upstreams().forEach((name, upstream) -> put(upstreams.putObject(name), upstream));
        }
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionRecord decode(byte[] bytes) {
        JsonNode json;
        try {
            json = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("A sealed session record is not JSON");
        }
        int format = json.path("v").asInt();
        Map<String, UpstreamSession> upstreams = new LinkedHashMap<>();
        if (format == FORMAT) {
            json.path("upstreams").fields().forEachRemaining(entry -> upstreams.put(entry.getKey(), upstream(entry.getValue())));
        } else if (format == FORMAT_ONE_UPSTREAM) {
            if (json.hasNonNull("upstream")) {
                upstreams.put(UpstreamRegistry.DEFAULT, upstream(json.get("upstream")));
            }
        } else {
            throw new IllegalStateException("A sealed session record has an unknown format");
        }
        return new SessionRecord(json.get("id").asText(), json.get("apiUrl").asText(),
                Base64.getDecoder().decode(json.get("tokenDigest").asText()), text(json, "token"),
                text(json, "principal"), text(json, "client"),
                new TokenTimes(number(json, "nbf"), number(json, "exp")), upstreams);
    }

    private static void put(ObjectNode json, UpstreamSession upstream) {
        json.put("sessionId", upstream.sessionId()).put("protocolVersion", upstream.protocolVersion());
    }

    private static UpstreamSession upstream(JsonNode json) {
        return new UpstreamSession(text(json, "sessionId"), text(json, "protocolVersion"));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Long number(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asLong();
    }
}

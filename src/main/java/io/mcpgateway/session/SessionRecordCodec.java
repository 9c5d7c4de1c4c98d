package io.mcpgateway.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.security.TokenTimes;
import io.mcpgateway.upstream.UpstreamSession;

/**
 * A {@link SessionRecord} as the bytes a shared store seals: JSON with a format version, every field of the record.
 * The bytes hold the token and the other secrets in clear, so they exist only on their way into or out of a seal.
 */
final class SessionRecordCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private SessionRecordCodec() {
    }

    static byte[] encode(SessionRecord record) {
        ObjectNode json = JSON.createObjectNode().put("v", FORMAT).put("id", record.sessionId())
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
        if (record.upstream() != null) {
            json.putObject("upstream").put("sessionId", record.upstream().sessionId())
                    .put("protocolVersion", record.upstream().protocolVersion());
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
        if (json.path("v").asInt() != FORMAT) {
            throw new IllegalStateException("A sealed session record has an unknown format");
        }
        JsonNode upstream = json.get("upstream");
        return new SessionRecord(json.get("id").asText(), json.get("apiUrl").asText(),
                Base64.getDecoder().decode(json.get("tokenDigest").asText()), text(json, "token"),
                text(json, "principal"), text(json, "client"),
                new TokenTimes(number(json, "nbf"), number(json, "exp")),
                upstream == null ? null : new UpstreamSession(text(upstream, "sessionId"), text(upstream, "protocolVersion")));
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

package io.mcpgateway.error;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyEntryHasAnHttpStatusAndAJsonRpcCodeOutsideTheRangesTheSpecificationReserves() {
        for (ErrorType type : ErrorType.values()) {
            assertThat(type.status()).as(type.name()).isBetween(400, 599);
            int code = type.jsonRpcCode();
            boolean standard = code >= -32603 && code <= -32600 || code == -32700;
            boolean gateway = code == -32001 || (code <= -32030 && code >= -32039);
            assertThat(standard || gateway).as("%s: %d", type, code).isTrue();
            assertThat(Set.of(-32000, -32002, -32020, -32021, -32022, -32042)).doesNotContain(code);
        }
    }

    @Test
    void eachGatewayCodeNamesOneKindOfFailure() {
        Map<Integer, ErrorType> byCode = new java.util.HashMap<>();
        for (ErrorType type : ErrorType.values()) {
            if (type.jsonRpcCode() <= -32030 && type.jsonRpcCode() >= -32039) {
                assertThat(byCode.put(type.jsonRpcCode(), type)).as("code %d", type.jsonRpcCode()).isNull();
            }
        }
        assertThat(new HashSet<>(Arrays.asList(ErrorType.SESSION_NOT_FOUND.jsonRpcCode(),
                ErrorType.SESSION_EVICTED.jsonRpcCode()))).containsExactly(-32001);
    }

    @Test
    void aRestAnswerIsTodaysBodyWithTheHeadersItsEntryCarries() throws Exception {
        ErrorCatalog.Answer limited = ErrorCatalog.classify(
                GatewayException.retryAfter(ErrorType.RATE_LIMITED, "Too many requests in progress, retry shortly", 1));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.toJson("r-1")).isEqualTo("{\"status\":\"error\",\"error_type\":\"RATE_LIMITED\","
                + "\"error\":\"Too many requests in progress, retry shortly\",\"request_id\":\"r-1\"}");
        assertThat(limited.headers()).containsExactly(Map.entry("Retry-After", "1"));
        assertThat(new ErrorCatalog.Answer(ErrorType.RATE_LIMITED, "x").headers())
                .as("the window, when the failure names no wait").containsExactly(Map.entry("Retry-After", "60"));
        assertThat(ErrorCatalog.classify(GatewayException.methodNotAllowed("DELETE")).headers())
                .containsExactly(Map.entry("Allow", "DELETE"));
        assertThat(new ErrorCatalog.Answer(ErrorType.AUTH_ERROR, "x").headers())
                .containsExactly(Map.entry("WWW-Authenticate", "Bearer"));
        assertThat(new ErrorCatalog.Answer(ErrorType.VALIDATION_ERROR, "x").headers()).isEmpty();
    }

    @Test
    void theSameAnswerRendersAsAJsonRpcError() {
        JsonNode error = ErrorCatalog.classify(GatewayException.retryAfter(ErrorType.UPSTREAM_UNAVAILABLE,
                "The MCP server is unavailable, retry later", 30)).toJsonRpcError("r-2");

        assertThat(error.get("code").asInt()).as("internal error, its kind in data").isEqualTo(-32603);
        assertThat(error.get("message").asText()).isEqualTo("The MCP server is unavailable, retry later");
        assertThat(error.at("/data/type").asText()).isEqualTo("UPSTREAM_UNAVAILABLE");
        assertThat(error.at("/data/request_id").asText()).isEqualTo("r-2");
        assertThat(error.at("/data/retryAfterMs").asLong()).isEqualTo(30_000);
        assertThat(new ErrorCatalog.Answer(ErrorType.VALIDATION_ERROR, "Missing required parameter: session_id")
                .toJsonRpcError("r-3").get("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void theSharedStateBeingDownIsA503WithAShortRetryAfterInBothRenderings() {
        ErrorCatalog.Answer down = ErrorCatalog.classify(new io.mcpgateway.state.StateUnavailable());

        assertThat(down.status()).isEqualTo(503);
        assertThat(down.toJson("r-4")).isEqualTo("{\"status\":\"error\",\"error_type\":\"STATE_UNAVAILABLE\","
                + "\"error\":\"Shared state is unavailable, retry shortly\",\"request_id\":\"r-4\"}");
        assertThat(down.headers()).as("seconds, not the minute of a rate window").containsExactly(Map.entry("Retry-After", "2"));
        JsonNode error = down.toJsonRpcError("r-4");
        assertThat(error.get("code").asInt()).isEqualTo(-32603);
        assertThat(error.at("/data/type").asText()).isEqualTo("STATE_UNAVAILABLE");
        assertThat(error.at("/data/retryAfterMs").asLong()).isEqualTo(2_000);
    }

    @Test
    void aForeignFailureNeverLendsItsMessage() {
        String secret = "https://api.internal/x?key=s3cr3t";
        assertThat(ErrorCatalog.classify(new IllegalStateException(secret)))
                .isEqualTo(new ErrorCatalog.Answer(ErrorType.SERVER_ERROR, "Internal error"));
        assertThat(ErrorCatalog.classify(new SocketTimeoutException(secret)).message())
                .isEqualTo("Network error while contacting a remote service");
        assertThat(ErrorCatalog.classify(new IOException(secret)).type()).isEqualTo(ErrorType.NETWORK_ERROR);
    }

    @Test
    void aDecidedAnswerWinsInsideAWrapper() {
        IOException wrapped = new IOException("connect failed",
                new GatewayException(ErrorType.VALIDATION_ERROR, "apiUrl resolves to a blocked address"));
        assertThat(ErrorCatalog.classify(wrapped))
                .isEqualTo(new ErrorCatalog.Answer(ErrorType.VALIDATION_ERROR, "apiUrl resolves to a blocked address"));
    }

    @Test
    void whatTheServerRefusesBeforeAnyRouteIsAnsweredFromTheSameEntries() {
        assertThat(ErrorCatalog.refusedByServer(404).type()).isEqualTo(ErrorType.NOT_FOUND);
        assertThat(ErrorCatalog.refusedByServer(413).type()).isEqualTo(ErrorType.PAYLOAD_TOO_LARGE);
        assertThat(ErrorCatalog.refusedByServer(431).type()).isEqualTo(ErrorType.VALIDATION_ERROR);
        assertThat(ErrorCatalog.refusedByServer(500).type()).isEqualTo(ErrorType.SERVER_ERROR);
    }
}

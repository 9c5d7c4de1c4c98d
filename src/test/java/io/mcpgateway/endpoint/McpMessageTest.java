package io.mcpgateway.endpoint;

import java.nio.charset.StandardCharsets;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class McpMessageTest {

    @Test
    void aRequestAndANotificationAreRead() {
        McpMessage request = read("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}");
        assertThat(request.id().asInt()).isEqualTo(7);
        assertThat(request.method()).isEqualTo("tools/list");
        assertThat(request.params().isEmpty()).isTrue();
        assertThat(request.isNotification()).isFalse();
        assertThat(read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").isNotification()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{not json|PARSE_ERROR",
            "''|PARSE_ERROR",
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]|INVALID_REQUEST",
            "\"ping\"|INVALID_REQUEST",
            "{\"id\":1,\"method\":\"ping\"}|INVALID_REQUEST",
            "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"ping\"}|INVALID_REQUEST",
            "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}|INVALID_REQUEST",
            "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}|INVALID_REQUEST",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}|INVALID_REQUEST",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}|INVALID_REQUEST",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\"}|INVALID_REQUEST",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":[1]}|VALIDATION_ERROR",
    })
    void whatIsNotOneJsonRpcMessageIsRefusedWithItsCode(String body, ErrorType expected) {
        assertThatThrownBy(() -> read(body)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.type()).isEqualTo(expected));
    }

    @Test
    void theHostOfAHostHeaderIsReadWithoutItsPort() {
        assertThat(AdmitMcpRequest.hostName("127.0.0.1:8080")).isEqualTo("127.0.0.1");
        assertThat(AdmitMcpRequest.hostName("LOCALHOST")).isEqualTo("localhost");
        assertThat(AdmitMcpRequest.hostName("[::1]:80")).isEqualTo("[::1]");
        assertThat(AdmitMcpRequest.hostName("evil.example:80")).isEqualTo("evil.example");
        assertThat(AdmitMcpRequest.hostName(null)).isEmpty();
    }

    private static McpMessage read(String body) {
        return McpMessage.read(body.getBytes(StandardCharsets.UTF_8));
    }
}

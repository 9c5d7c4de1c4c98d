package io.mcpgateway.tools;

import java.nio.charset.StandardCharsets;

import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.session.ParseInitRequest;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The first parsing step of the tool requests, on its own: what the body's session_id may be. */
class ParseToolRequestTest {

    private static Exchange withBody(String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        return exchange;
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "4.2", "true", "[\"user_1\"]", "{\"id\":\"user_1\"}"})
    void aSessionIdOfAnotherTypeIsAWrongTypeInTheWordingInitUses(String sessionId) {
        String body = "{\"session_id\":" + sessionId + ",\"name\":\"echo\"}";

        assertThatThrownBy(() -> new ParseToolRequest().process(withBody(body)))
                .isInstanceOf(GatewayException.class).hasMessage("Parameter 'session_id' must be a string");
        assertThatThrownBy(() -> new ParseInitRequest().process(withBody(
                "{\"session_id\":" + sessionId + ",\"apiUrl\":\"https://api.example.com\",\"jwtToken\":\"t\"}")))
                .isInstanceOf(GatewayException.class).hasMessage("Parameter 'session_id' must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"session_id\":null}", "{\"session_id\":\"\"}"})
    void anAbsentNullOrEmptySessionIdIsMissing(String body) {
        assertThatThrownBy(() -> new ParseToolRequest().process(withBody(body)))
                .isInstanceOf(GatewayException.class).hasMessage("Missing required parameter: session_id");
    }

    @Test
    void aStringSessionIdIsTaken() throws Exception {
        Exchange exchange = withBody("{\"session_id\":\"user_1\",\"name\":\"echo\"}");

        new ParseToolRequest().process(exchange);

        assertThat(exchange.getProperty(GatewayExchange.SESSION_ID)).isEqualTo("user_1");
    }

    @Test
    void aByteOrderMarkBeforeTheBodyIsMalformedJsonOnBothEndpoints() {
        String body = "\uFEFF{\"session_id\":\"user_1\",\"apiUrl\":\"https://api.example.com\",\"jwtToken\":\"t\"}";

        assertThatThrownBy(() -> new ParseInitRequest().process(withBody(body)))
                .isInstanceOf(GatewayException.class).hasMessage("Malformed JSON body");
        assertThatThrownBy(() -> new ParseToolRequest().process(withBody(body)))
                .isInstanceOf(GatewayException.class).hasMessage("Malformed JSON body");
    }

    @Test
    void aRequestWhoseDoorNamesNoToolMethodIsAFaultOfTheRoutesNotOfTheCaller() throws Exception {
        Exchange exchange = withBody("{\"session_id\":\"user_1\",\"name\":\"echo\"}");
        ParseToolRequest parse = new ParseToolRequest();
        parse.process(exchange);

        assertThatThrownBy(() -> parse.checkRequest(exchange)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theDoorsMethodDecidesWhatTheRestOfTheBodyMustBe() throws Exception {
        Exchange list = withBody("{\"session_id\":\"user_1\",\"cursor\":7}");
        list.setProperty(GatewayExchange.UPSTREAM_METHOD, "tools/list");
        new ParseToolRequest().process(list);
        assertThatThrownBy(() -> new ParseToolRequest().checkRequest(list)).isInstanceOf(GatewayException.class)
                .hasMessage("Parameter 'cursor' must be a string");

        Exchange call = withBody("{\"session_id\":\"user_1\",\"cursor\":7,\"name\":\"echo\"}");
        call.setProperty(GatewayExchange.UPSTREAM_METHOD, "tools/call");
        ParseToolRequest parse = new ParseToolRequest();
        parse.process(call);
        parse.checkRequest(call);
        assertThat(call.getProperty(GatewayExchange.TOOL_NAME)).isEqualTo("echo");
    }
}

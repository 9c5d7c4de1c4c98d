package io.mcpgateway.tools;

import java.net.http.HttpResponse;
import java.util.Map;

import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** SESSION_REQUIRE_BEARER=false: trusted callers may omit the token on tool requests, and only there. */
class TrustedCallersIT extends GatewayTestSupport {

    private final CredentialApiStub api = new CredentialApiStub();
    private final String token = TestTokens.jwt("alice");

    @Override
    protected Map<String, String> settings() {
        return Map.of("gateway.session.require-bearer", "false");
    }

    @BeforeEach
    void openSession() {
        api.accepts(token);
        assertThat(postInit("user_1", api.apiUrl(""), token).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private HttpResponse<String> listTools(String bearer) {
        String json = "{\"session_id\":\"user_1\"}";
        return bearer == null ? postJson("/tools/list", json) : postAs(bearer, "/tools/list", json);
    }

    @Test
    void aToolRequestWithoutTokenIsAcceptedAndTheSwitchWarns() {
        assertThat(listTools(null).statusCode()).isEqualTo(200);
        assertThat(CapturedLogs.text()).contains("INSECURE SETTING: SESSION_REQUIRE_BEARER=false");
    }

    @Test
    void aTokenThatIsPresentedIsStillChecked() {
        assertThat(listTools(TestTokens.jwt("mallory")).statusCode()).isEqualTo(401);
        assertThat(listTools(token).statusCode()).isEqualTo(200);
    }

    @Test
    void closingASessionAlwaysTakesItsToken() {
        assertThat(deleteSession("user_1", null).statusCode()).isEqualTo(401);
        assertThat(sessions().peek("user_1")).isPresent();
        assertThat(deleteSession("user_1", token).statusCode()).isEqualTo(204);
    }
}

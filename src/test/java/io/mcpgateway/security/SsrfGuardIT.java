package io.mcpgateway.security;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no allow-listed hosts (the production default), apiUrls that reach the gateway's own machine or networks are
 * refused with 401 and never probed: by the early check, and again by the probe's HTTP client at connect time.
 */
class SsrfGuardIT extends GatewayTestSupport {

    private static final String TOKEN = TestTokens.jwt("alice");

    private final CredentialApiStub api = new CredentialApiStub();

    @Override
    protected Map<String, String> settings() {
        return Map.of("gateway.api.allowed-hosts", "", "gateway.init.rate-limit-per-minute", "1000",
                "gateway.api.validation-timeout-seconds", "2");
    }

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withUseAdviceWith(true);
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void internalTargetsAreRefusedWithoutAProbe() throws Exception {
        context.start();
        api.accepts(TOKEN);
        String port = api.apiUrl("").substring(api.apiUrl("").lastIndexOf(':'));
        List<String> targets = List.of(
                "http://127.0.0.1" + port, "http://localhost" + port, "http://[::1]" + port,
                "http://0.0.0.0" + port, "http://[::ffff:127.0.0.1]" + port, "http://127.1" + port,
                "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/", "http://192.168.1.1/",
                "http://172.16.0.1/", "http://100.100.100.200/", "http://[fd00:ec2::254]/",
                "http://[::ffff:0:127.0.0.1]" + port, "http://[64:ff9b:1::7f00:1]" + port,
                "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]" + port, "http://[2001:0:7f00:1::]" + port);

        for (String target : targets) {
            HttpResponse<String> response = postInit("user_123", target, TOKEN);
            assertThat(response.statusCode()).as(target).isEqualTo(401);
            assertThat(response.body()).as(target).contains("\"error_type\":\"AUTH_ERROR\"");
        }
        assertThat(api.requestCount()).isZero();
        assertThat(sessions().size()).isZero();
    }

    @Test
    void probeClientRefusesBlockedAddressesEvenWithoutTheEarlyCheck() throws Exception {
        // models a DNS answer that changed between the early check and the connection (DNS rebinding)
        AdviceWith.adviceWith(context, "init-session", route -> route.weaveById("check-api-url").remove());
        context.start();
        api.accepts(TOKEN);

        HttpResponse<String> response = postInit("user_123", api.apiUrl(""), TOKEN);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("apiUrl is not allowed");
        assertThat(api.requestCount()).isZero();
    }
}

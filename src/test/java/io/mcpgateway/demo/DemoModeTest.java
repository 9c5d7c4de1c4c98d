package io.mcpgateway.demo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

import io.mcpgateway.config.InvalidConfigurationException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.security.InitRequest;
import io.mcpgateway.security.InspectJwt;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoModeTest {

    @Test
    void onlyTheCommandLineFlagAsksForTheDemoAndCamelNeverSeesIt() {
        assertThat(DemoMode.requested(new String[] {"--demo"})).isTrue();
        assertThat(DemoMode.requested(new String[] {"-demo", "demo", "--demo=true"})).isFalse();
        assertThat(DemoMode.withoutFlag(new String[] {"--demo", "-p", "a=b"})).containsExactly("-p", "a=b");
    }

    @Test
    void aLoopbackOrUnsetGatewayHostIsAccepted() {
        for (String host : new String[] {null, "", " ", "127.0.0.1", "localhost", "::1", "127.0.0.2"}) {
            DemoMode.requireLoopback(host);
        }
    }

    @Test
    void anyOtherGatewayHostIsRefusedWithOneLine() {
        for (String host : new String[] {"0.0.0.0", "::", "192.0.2.10", "10.0.0.1"}) {
            assertThatThrownBy(() -> DemoMode.requireLoopback(host)).as(host)
                    .isInstanceOfSatisfying(InvalidConfigurationException.class,
                            e -> assertThat(e.problems()).singleElement().asString()
                                    .startsWith("Invalid configuration: --demo runs on loopback only"));
        }
    }

    @Test
    void theDemoTokenIsTheDocumentedJwtAndPassesTheGatewaysInspection() {
        String[] parts = DemoCredentialApi.DEMO_TOKEN.split("\\.");
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(GatewayExchange.INIT_REQUEST,
                InitRequest.of("demo", DemoCredentialApi.apiUrl(8080), DemoCredentialApi.DEMO_TOKEN));

        new InspectJwt(Clock.systemUTC()).process(exchange);

        assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        assertThat(decode(parts[1])).isEqualTo("{\"sub\":\"demo-user\",\"exp\":4102444800}");
        assertThat(exchange.getProperty(GatewayExchange.PRINCIPAL)).isEqualTo("demo-user");
    }

    @Test
    void aStepRendersAsACurlCommandWithOneOptionPerLine() {
        DemoWalkthrough.Step close = DemoWalkthrough.steps(8080).stream()
                .filter(step -> step.name().equals("close")).findFirst().orElseThrow();

        assertThat(close.curl()).isEqualTo("curl -s -w '\\n' -i -X DELETE http://127.0.0.1:8080/sessions/demo \\\n"
                + "  -H 'Authorization: Bearer " + DemoCredentialApi.DEMO_TOKEN + "'");
    }

    @Test
    void theBannerShowsTheDemoTokenAndWarnsOnEveryLine() {
        assertThat(DemoMode.banner().lines()).allMatch(line -> line.startsWith("***"));
        assertThat(DemoMode.banner()).contains(DemoMode.BANNER_LINE, DemoCredentialApi.DEMO_TOKEN);
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}

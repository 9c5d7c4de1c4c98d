package io.mcpgateway.config;

import io.mcpgateway.tools.FetchToolList;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The wiring's fixed limits are the ones declared (and documented) in {@link FixedLimit}. */
class FixedLimitTest {

    @Test
    void wiringConstantsMatchTheDeclaration() {
        assertThat(GatewayConfiguration.INIT_MAX_BODY_BYTES).isEqualTo(16 * 1024);
        assertThat((long) FetchToolList.MAX_PAGES).isEqualTo(FixedLimit.TOOL_LIST_PAGES.value);
        assertThat(GatewayConfiguration.MAX_NOTIFICATIONS_KEPT).isEqualTo(100);
        assertThat(GatewayConfiguration.MAX_SERVER_REQUESTS).isEqualTo(10);
        assertThat(GatewayConfiguration.RESERVED_WORKERS).isEqualTo(16);
        assertThat(GatewayConfiguration.FOLLOWERS_PER_PROBE).isEqualTo(2);
    }
}

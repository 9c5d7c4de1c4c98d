package io.mcpgateway.upstream;

import io.mcpgateway.config.FixedLimit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The upstream package's fixed limits are the ones declared (and documented) in {@link FixedLimit}. */
class FixedUpstreamLimitsTest {

    @Test
    void constantsMatchTheDeclaration() {
        assertThat(ProtocolEras.REMEMBER_LEGACY.toMinutes()).isEqualTo(FixedLimit.LEGACY_ERA_MEMORY_MINUTES.value);
        assertThat(ReadUpstreamReply.DRAIN_MILLIS).isEqualTo(FixedLimit.STREAM_DRAIN_MILLIS.value);
        assertThat((long) ReadUpstreamReply.DRAIN_MAX_BYTES).isEqualTo(FixedLimit.STREAM_DRAIN_BYTES.value);
        assertThat((long) ReadUpstreamReply.MAX_RESUMPTIONS).isEqualTo(FixedLimit.STREAM_RESUMPTIONS.value);
    }
}

package io.mcpgateway.testing;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mcpgateway.config.GatewaySettings;
import io.mcpgateway.config.UpstreamsFile;
import io.mcpgateway.upstream.Upstream;
import io.mcpgateway.upstream.federation.UpstreamDefinition;

/** Registry entries for unit tests: an upstream's settings (the defaults) and breaker, with no client behind them. */
public final class TestUpstreams {

    private static final UpstreamDefinition DEFAULTS =
            UpstreamsFile.defaultUpstream(GatewaySettings.load(DefaultSettings.values()::get));

    private TestUpstreams() {
    }

    public static Upstream upstream(String name, boolean required) {
        return upstream(name, required, DEFAULTS.requestTimeout(), DEFAULTS.maxConcurrentCalls());
    }

    public static Upstream upstream(String name, Duration requestTimeout, int maxConcurrentCalls) {
        return upstream(name, false, requestTimeout, maxConcurrentCalls);
    }

    private static Upstream upstream(String name, boolean required, Duration requestTimeout, int maxConcurrentCalls) {
        UpstreamDefinition d = DEFAULTS;
        UpstreamDefinition definition = new UpstreamDefinition(name, d.url(), null, null, null, d.requireSigning(),
                d.sslVerify(), d.caPath(), d.clientCertPath(), d.clientKeyPath(), d.connectionTimeout(),
                requestTimeout, d.maxRetries(), d.circuitOpen(), maxConcurrentCalls, d.maxRequestSizeKb(),
                d.maxResponseSizeKb(), d.forwardUserContext(), d.allowInsecureHttp(), required, d.tools());
        return new Upstream(definition, "mock:" + name, null, CircuitBreaker.ofDefaults(name), null, null, null);
    }
}

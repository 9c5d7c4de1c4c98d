package io.mcpgateway.testing;

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
        UpstreamDefinition d = DEFAULTS;
        UpstreamDefinition definition = new UpstreamDefinition(name, d.url(), null, null, null, d.requireSigning(),
                d.sslVerify(), d.caPath(), d.clientCertPath(), d.clientKeyPath(), d.connectionTimeout(),
                d.requestTimeout(), d.maxRetries(), d.circuitOpen(), d.maxConcurrentCalls(), d.maxRequestSizeKb(),
                d.maxResponseSizeKb(), d.forwardUserContext(), d.allowInsecureHttp(), required, d.tools());
        return new Upstream(definition, "mock:" + name, null, CircuitBreaker.ofDefaults(name), null, null, null);
    }
}

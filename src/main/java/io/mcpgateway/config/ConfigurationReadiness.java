package io.mcpgateway.config;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness is DOWN when the configuration has become unusable while the gateway runs. An invalid configuration
 * never gets this far (start-up stops with exit code 2); what can go bad later is time: the CA bundle
 * ({@code MCP_CERT_PATH}) with no certificate valid any more, or the mTLS client certificate
 * ({@code MCP_CLIENT_CERT_PATH}) expired, after which every upstream TLS handshake fails. Messages name the setting,
 * never the file.
 */
public final class ConfigurationReadiness extends AbstractHealthCheck {

    private final Map<GatewaySettings.Key, List<X509Certificate>> certificates;
    private final Clock clock;

    public ConfigurationReadiness(Map<GatewaySettings.Key, List<X509Certificate>> certificates, Clock clock) {
        super("mcp-gateway", "configuration");
        this.certificates = Map.copyOf(certificates);
        this.clock = clock;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Date now = Date.from(clock.instant());
        List<X509Certificate> authorities = certificates.getOrDefault(GatewaySettings.Key.MCP_CERT_PATH, List.of());
        List<X509Certificate> client = certificates.getOrDefault(GatewaySettings.Key.MCP_CLIENT_CERT_PATH, List.of());
        if (!authorities.isEmpty() && authorities.stream().noneMatch(c -> validAt(c, now))) {
            builder.message(GatewaySettings.Key.MCP_CERT_PATH.env + " has no certificate valid now").down();
        } else if (!client.isEmpty() && !validAt(client.get(0), now)) {
            builder.message(GatewaySettings.Key.MCP_CLIENT_CERT_PATH.env + " is not valid now (expired or not yet valid)")
                    .down();
        } else {
            builder.up();
        }
    }

    private static boolean validAt(X509Certificate certificate, Date when) {
        return !when.before(certificate.getNotBefore()) && !when.after(certificate.getNotAfter());
    }
}

package io.mcpgateway.examples;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * How a team binds its own step for the YAML routes without editing GatewayConfiguration (docs/extending.md). Named
 * in {@code camel.main.configuration-classes}, it is loaded beside the gateway's own configuration.
 */
public class TenantPolicyConfiguration implements CamelConfiguration {

    @BindToRegistry("requireTenantHeader")
    public RequireTenantHeader requireTenantHeader(
            @PropertyInject("example.tenant.allowed-pattern") String allowedTenants) {
        return new RequireTenantHeader(allowedTenants);
    }
}

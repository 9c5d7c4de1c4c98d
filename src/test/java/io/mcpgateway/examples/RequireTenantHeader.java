package io.mcpgateway.examples;

import java.util.regex.Pattern;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The worked example of docs/extending.md, a team's own header policy: a tool request must carry {@code X-Tenant-Id}
 * and its value must match the configured allow-list pattern, else 400 {@code VALIDATION_ERROR}. The tenant is then
 * handed to later steps as an exchange property; the header itself goes nowhere (upstream requests are built from
 * scratch).
 */
public class RequireTenantHeader implements Processor {

    public static final String HEADER = "X-Tenant-Id";
    /** Exchange property: the tenant the request named, for later steps. */
    public static final String TENANT = "exampleTenantId";

    /** A bound on caller input before a configured pattern runs over it. */
    private static final int MAX_TENANT_LENGTH = 64;

    private final Pattern allowedTenants;

    /** @param allowedTenants a regular expression the whole header value must match, such as {@code acme|globex} */
    public RequireTenantHeader(String allowedTenants) {
        this.allowedTenants = Pattern.compile(allowedTenants);
    }

    @Override
    public void process(Exchange exchange) {
        // A repeated header arrives as a list: refused, so no later step has to guess which value counts.
        Object value = exchange.getMessage().getHeader(HEADER);
        if (!(value instanceof String tenant) || tenant.length() > MAX_TENANT_LENGTH
                || !allowedTenants.matcher(tenant).matches()) {
            // fixed text: the caller's value is never echoed back or logged
            throw new GatewayException(ErrorType.VALIDATION_ERROR, "Missing or unknown X-Tenant-Id header");
        }
        exchange.setProperty(TENANT, tenant);
    }
}

package io.mcpgateway.credentials;

import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.security.InitRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

/**
 * Builds the probe request {@code POST {apiUrl}/settings/validate} with the user's token. Starts from an empty set
 * of headers: nothing the caller sent reaches the user's API.
 */
public class PrepareCredentialProbe implements org.apache.camel.Processor {

    static final String VALIDATE_PATH = "/settings/validate";
    static final String PROBE_STARTED_NANOS = "gatewayProbeStartedNanos";

    @Override
    public void process(Exchange exchange) {
        InitRequest request = exchange.getProperty(GatewayExchange.INIT_REQUEST, InitRequest.class);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        // the charset of the caller's Content-Type, which camel-http would apply to the probe (an unknown one fails it)
        exchange.removeProperty(Exchange.CHARSET_NAME);
        message.setHeader(Exchange.HTTP_URI, probeUrl(request.apiUrl()));
        // the enum camel-http reads: a String would go through the type converters' slow lookup on every request
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("Accept", "application/json");
        message.setHeader("Authorization", "Bearer " + request.jwtToken());
        message.setBody("{}");
        exchange.setProperty(PROBE_STARTED_NANOS, System.nanoTime());
    }

    /** {@code {apiUrl}/settings/validate}, keeping any query string of the apiUrl after the path. */
    static String probeUrl(String apiUrl) {
        int query = apiUrl.indexOf('?');
        String base = query < 0 ? apiUrl : apiUrl.substring(0, query);
        String suffix = query < 0 ? "" : apiUrl.substring(query);
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + VALIDATE_PATH + suffix;
    }
}

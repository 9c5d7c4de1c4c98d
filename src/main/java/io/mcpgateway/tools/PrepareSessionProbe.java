package io.mcpgateway.tools;

import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.session.GatewaySession;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** {@code validate_settings}: the credential probe, run with the authenticated session's own apiUrl and token. */
public class PrepareSessionProbe implements Processor {

    @Override
    public void process(Exchange exchange) {
        GatewaySession session = exchange.getProperty(GatewayExchange.SESSION, GatewaySession.class);
        exchange.setProperty(GatewayExchange.INIT_REQUEST, session.credentials());
        exchange.setProperty(GatewayExchange.UPSTREAM_ERA, "local");
    }
}

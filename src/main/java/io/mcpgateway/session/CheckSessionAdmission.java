package io.mcpgateway.session;

import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.security.InitRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code /init}, after the credentials are proven and before an upstream session is opened for them: whether the
 * session could be stored at all (409 for an id that belongs to another principal, 429 past the per-principal or
 * per-client bound). A refused init then costs the upstream nothing.
 */
public class CheckSessionAdmission implements Processor {

    private final SessionStore store;

    public CheckSessionAdmission(SessionStore store) {
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) {
        store.admit(exchange.getProperty(GatewayExchange.INIT_REQUEST, InitRequest.class),
                exchange.getProperty(GatewayExchange.PRINCIPAL, String.class),
                exchange.getProperty(GatewayExchange.CLIENT_ADDRESS, String.class));
    }
}

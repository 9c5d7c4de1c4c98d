package io.mcpgateway.session;

import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Ends the session authenticated by the previous step; the store's removal listener logs it. */
public class CloseSession implements Processor {

    private final SessionStore store;

    public CloseSession(SessionStore store) {
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) {
        store.close(exchange.getProperty(GatewayExchange.SESSION, GatewaySession.class));
    }
}

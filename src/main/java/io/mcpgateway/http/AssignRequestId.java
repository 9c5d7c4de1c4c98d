package io.mcpgateway.http;

import java.util.UUID;
import java.util.regex.Pattern;

import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;

/**
 * First step of every inbound route: gives the request an id (a caller's own {@code X-Request-Id} is kept when it
 * is short and plain, so traces can span systems), notes the start time and the client's TCP address.
 */
public class AssignRequestId implements Processor {

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("^[A-Za-z0-9._-]{8,64}$");

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(GatewayExchange.STARTED_NANOS, System.nanoTime());
        exchange.setProperty(GatewayExchange.INBOUND_EXCHANGE_ID, exchange.getExchangeId());
        String offered = exchange.getMessage().getHeader("X-Request-Id", String.class);
        String requestId = offered != null && SAFE_REQUEST_ID.matcher(offered).matches()
                ? offered : UUID.randomUUID().toString();
        exchange.setProperty(GatewayExchange.REQUEST_ID, requestId);
        exchange.setProperty(GatewayExchange.CLIENT_ADDRESS, clientAddress(exchange));
    }

    private static String clientAddress(Exchange exchange) {
        Object remote = exchange.getMessage().getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS);
        if (remote instanceof SocketAddress address && address.hostAddress() != null) {
            return address.hostAddress();
        }
        // The throttle keys on this value and a null key would fail it; unknown callers share one bucket.
        return "unknown";
    }
}

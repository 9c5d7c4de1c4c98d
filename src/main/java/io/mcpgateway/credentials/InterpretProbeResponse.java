package io.mcpgateway.credentials;

import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the probe's HTTP status into the outcome: 2xx valid; 3xx and 4xx rejected credentials (401 API_ERROR);
 * 5xx a failing API (500 SERVER_ERROR). The reason phrase comes from the standard table, never from the remote
 * response, and the remote body is never read.
 */
public class InterpretProbeResponse implements org.apache.camel.Processor {

    private static final Logger LOG = LoggerFactory.getLogger("io.mcpgateway.credentials");

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        message.removeHeaders("*");
        message.setBody(null);
        long probeMillis = (System.nanoTime()
                - exchange.getProperty(PrepareCredentialProbe.PROBE_STARTED_NANOS, System.nanoTime(), Long.class))
                / 1_000_000;
        if (status >= 200 && status < 300) {
            LOG.info("[MCP CLIENT] Credentials validated successfully for session_id: {} (request_id={}, {} ms)",
                    exchange.getProperty(GatewayExchange.SESSION_ID),
                    exchange.getProperty(GatewayExchange.REQUEST_ID), probeMillis);
            return;
        }
        throw new ProbeRefused(status);
    }

}

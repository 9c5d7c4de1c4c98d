package io.mcpgateway.http;

import java.util.Locale;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Only {@code application/json} bodies are accepted (415 otherwise); form bodies would be parsed into headers. */
public class RequireJsonContentType implements Processor {

    @Override
    public void process(Exchange exchange) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new GatewayException(ErrorType.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
    }
}

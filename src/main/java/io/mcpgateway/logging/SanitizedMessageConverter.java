package io.mcpgateway.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %safeMsg}: the formatted log message with credentials masked and line-forging characters escaped. */
public class SanitizedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogSanitizer.escapeControls(LogSanitizer.sanitize(super.convert(event)));
    }
}

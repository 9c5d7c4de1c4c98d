package io.mcpgateway.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** {@code %safeEx}: stack traces with credentials masked (exception messages often quote URLs and headers). */
public class SanitizedThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return LogSanitizer.sanitize(super.throwableProxyToString(proxy));
    }
}

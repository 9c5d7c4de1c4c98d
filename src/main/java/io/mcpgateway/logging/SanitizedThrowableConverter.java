package io.mcpgateway.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * {@code %safeEx}: stack traces with credentials masked (exception messages often quote URLs and headers). The line
 * breaks of the trace itself stay; those inside an exception's message, which may come from outside, are escaped
 * before the trace is laid out, so they cannot pass for a line of their own.
 */
public class SanitizedThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return LogSanitizer.sanitize(super.throwableProxyToString(new Escaped(proxy)));
    }

    /** The same throwable, its message and those of its causes and suppressed ones escaped. */
    private record Escaped(IThrowableProxy original) implements IThrowableProxy {

        @Override
        public String getMessage() {
            return LogSanitizer.escapeControls(original.getMessage());
        }

        @Override
        public String getClassName() {
            return original.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return original.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return original.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return original.getCause() == null ? null : new Escaped(original.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = original.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                escaped[i] = new Escaped(suppressed[i]);
            }
            return escaped;
        }

        @Override
        public boolean isCyclic() {
            return original.isCyclic();
        }
    }
}

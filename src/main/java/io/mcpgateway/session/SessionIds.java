package io.mcpgateway.session;

import java.util.regex.Pattern;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;

/** The accepted form of a gateway {@code session_id}; ids of this form are also safe to log. */
public final class SessionIds {

    private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9._:@-]{1,128}$");

    private SessionIds() {
    }

    public static String requireValid(String sessionId) {
        if (sessionId == null || !VALID.matcher(sessionId).matches()) {
            throw new GatewayException(ErrorType.VALIDATION_ERROR,
                    "Invalid session_id: 1 to 128 characters from A-Z a-z 0-9 . _ : @ -");
        }
        return sessionId;
    }
}

package io.mcpgateway.error;

/**
 * A failure whose caller-facing answer is already decided: a catalog entry and a safe, fixed message.
 * Stack traces are not filled in: these are expected outcomes, not bugs, and must stay cheap.
 */
public class GatewayException extends RuntimeException {

    private final ErrorType type;

    public GatewayException(ErrorType type, String safeMessage) {
        super(safeMessage, null, false, false);
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }

    public String safeMessage() {
        return getMessage();
    }
}

package io.mcpgateway.testing.hostile;

/**
 * One request of the hostile-input corpus: its category and variant (a readable label), the bytes sent, and the answer
 * it must get: any client error, or one status exactly. Only a request whose body framing is broken may go unanswered
 * (the server cannot tell where such a request ends, so closing the connection is a fair answer).
 */
public record HostileRequest(String category, String variant, byte[] wire, int expectedStatus, boolean mayGoUnanswered) {

    /** {@link #expectedStatus} of a request that may get any 4xx. */
    public static final int ANY_CLIENT_ERROR = 0;

    public String label() {
        return category + ": " + variant;
    }
}

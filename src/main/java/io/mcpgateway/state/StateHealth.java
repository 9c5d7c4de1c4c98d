package io.mcpgateway.state;

/** Whether the shared state answers now, and if not, why, in words safe for the readiness check. */
public record StateHealth(boolean up, String reason) {

    public static StateHealth healthy() {
        return new StateHealth(true, null);
    }

    public static StateHealth down(String reason) {
        return new StateHealth(false, reason);
    }
}

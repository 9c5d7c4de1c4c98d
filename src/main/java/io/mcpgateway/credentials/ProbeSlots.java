package io.mcpgateway.credentials;

import java.util.concurrent.Semaphore;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import org.apache.camel.Exchange;

/**
 * Threads that may wait on credential probes at once: the probes themselves ({@code VALIDATION_MAX_CONCURRENT}), and,
 * in a set of their own, the identical {@code /init}s coalesced behind them. A slot is taken without waiting; when none
 * is free the request is answered at once (503 {@code API_UNAVAILABLE}, {@code Retry-After: 1}). The HTTP worker pool
 * is sized for these slots on top of the tool-call slots, so a slow credential API can hold only its own share of
 * workers, never the ones that serve tool calls.
 */
public class ProbeSlots {

    private final Semaphore slots;

    public ProbeSlots(int max) {
        this.slots = new Semaphore(max);
    }

    /** Takes a slot for this exchange's probe, which must {@link #release} it. */
    public void take(Exchange exchange) {
        if (!slots.tryAcquire()) {
            throw GatewayException.retryAfter(ErrorType.API_UNAVAILABLE,
                    "Too many credential checks in progress, retry shortly", 1);
        }
    }

    public void release() {
        slots.release();
    }
}

package io.mcpgateway.tools;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.error.WriteErrorResponse;
import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Tool requests in progress at once, per session and in all, so slow calls cannot occupy every HTTP worker. A slot is
 * taken without waiting (429 with {@code Retry-After: 1} when none is free) and given back when the exchange is done,
 * whatever its outcome. (Camel's concurrent throttler forgets its count ten seconds after any release, even with
 * requests still running, so it cannot hold a limit over calls that last longer.)
 */
public class ConcurrencyLimits implements Processor {

    private final int perSession;
    private final Semaphore total;
    private final ConcurrentHashMap<String, Semaphore> sessions = new ConcurrentHashMap<>();

    public ConcurrencyLimits(int total, int perSession) {
        this.total = new Semaphore(total);
        this.perSession = perSession;
    }

    @Override
    public void process(Exchange exchange) {
        String sessionId = exchange.getProperty(GatewayExchange.SESSION_ID, String.class);
        if (!total.tryAcquire()) {
            throw busy(exchange);
        }
        boolean[] taken = new boolean[1];
        // per key, compute runs under the map's lock: taking and returning a slot never race with removing the entry
        sessions.compute(sessionId, (id, slots) -> {
            Semaphore current = slots == null ? new Semaphore(perSession) : slots;
            taken[0] = current.tryAcquire();
            return current;
        });
        if (!taken[0]) {
            total.release();
            throw busy(exchange);
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                release(sessionId);
            }
        });
    }

    private void release(String sessionId) {
        sessions.compute(sessionId, (id, slots) -> {
            slots.release();
            return slots.availablePermits() == perSession ? null : slots;
        });
        total.release();
    }

    int sessionsTracked() {
        return sessions.size();
    }

    private static GatewayException busy(Exchange exchange) {
        exchange.setProperty(WriteErrorResponse.RETRY_AFTER_SECONDS, 1);
        return new GatewayException(ErrorType.RATE_LIMITED, "Too many requests in progress, retry shortly");
    }
}

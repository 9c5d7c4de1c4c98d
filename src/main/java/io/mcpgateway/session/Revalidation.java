package io.mcpgateway.session;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One session's re-validation state: when the credential API last accepted its token, and the probe in progress, so
 * that however many requests find it due, one probe runs and the others wait for its outcome. After a failed probe
 * the next one waits a pause, so that an unreachable API is not asked again by every request.
 */
final class Revalidation {

    /** A probe to wait for; {@code leads}: this caller must run it and {@link #finish} it. */
    record Attempt(CompletableFuture<Void> outcome, boolean leads) {
    }

    private long lastAcceptedNanos;
    private long nextAttemptNanos;
    private CompletableFuture<Void> inProgress;

    Revalidation(long acceptedNanos) {
        this.lastAcceptedNanos = acceptedNanos;
        this.nextAttemptNanos = acceptedNanos;
    }

    synchronized long lastAcceptedNanos() {
        return lastAcceptedNanos;
    }

    /** The probe in progress, or a new one this caller leads, or empty while failed attempts are spaced out. */
    synchronized Optional<Attempt> join(long nowNanos) {
        if (inProgress != null) {
            return Optional.of(new Attempt(inProgress, false));
        }
        if (nowNanos - nextAttemptNanos < 0) {
            return Optional.empty();
        }
        inProgress = new CompletableFuture<>();
        return Optional.of(new Attempt(inProgress, true));
    }

    /** The leader's outcome, for every waiting request. */
    void finish(Throwable failure, long nowNanos, long retryPauseNanos) {
        CompletableFuture<Void> done;
        synchronized (this) {
            done = inProgress;
            inProgress = null;
            if (failure == null) {
                lastAcceptedNanos = nowNanos;
            } else {
                nextAttemptNanos = nowNanos + retryPauseNanos;
            }
        }
        if (failure == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(failure);
        }
    }
}

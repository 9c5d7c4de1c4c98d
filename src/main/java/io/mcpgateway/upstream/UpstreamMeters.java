package io.mcpgateway.upstream;

import io.mcpgateway.error.ErrorType;

/** What the upstream client reports to the metrics (implemented by {@code observe.GatewayMetrics}), per upstream. */
public interface UpstreamMeters {

    /** One upstream call over all its attempts; {@code failedWith} null when it succeeded. */
    void upstreamCall(String upstream, String method, ErrorType failedWith, long nanos);

    void upstreamRetry(String upstream, String method);

    /** A signed request the server refused with 401 or 403. */
    void signatureRejected(String upstream, int status);
}

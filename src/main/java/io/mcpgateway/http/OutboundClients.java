package io.mcpgateway.http;

import java.time.Duration;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;

/** What every outbound HTTP client of the gateway is, whoever it calls (the credential API, an upstream). */
public final class OutboundClients {

    private OutboundClients() {
    }

    /**
     * A bounded wait for a pooled connection, a response timeout, the request deadline, and none of the behaviours
     * that would act behind the gateway's back: no redirects, no automatic retries (the gateway's own rule decides),
     * no cookie store (one user's cookie must never accompany another user's token), no content compression.
     */
    public static HttpComponent hardened(HttpClientConnectionManager connections, Duration poolWait,
                                         Duration responseTimeout, HttpClientConfigurer deadline) {
        HttpComponent client = new HttpComponent();
        client.setClientConnectionManager(connections);
        client.setConnectionRequestTimeout(poolWait.toMillis());
        client.setResponseTimeout(responseTimeout.toMillis());
        client.setFollowRedirects(false);
        client.setAutomaticRetriesDisabled(true);
        client.setCookieManagementDisabled(true);
        client.setContentCompressionDisabled(true);
        client.setHttpClientConfigurer(deadline);
        return client;
    }
}

package io.mcpgateway.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/** The credential probe's name resolution: every connection re-applies the SSRF guard to the addresses it uses. */
public class GuardedDnsResolver implements DnsResolver {

    private final ApiUrlGuard guard;

    public GuardedDnsResolver(ApiUrlGuard guard) {
        this.guard = guard;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return guard.resolveAllowed(host);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
}

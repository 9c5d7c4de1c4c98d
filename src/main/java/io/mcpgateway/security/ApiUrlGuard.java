package io.mcpgateway.security;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;

/**
 * Decides whether a user-supplied {@code apiUrl} may be called: its form, its origin ({@code API_ALLOWED_ORIGINS}),
 * and (SSRF guard) the addresses its host resolves to. The same check runs twice: before the probe, for an early answer with no outbound call, and inside the
 * probe's HTTP client at connect time ({@link GuardedDnsResolver}), so a DNS answer that changes in between cannot
 * smuggle a blocked address through.
 */
public class ApiUrlGuard {

    static final int MAX_URL_LENGTH = 2048;

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final HostAllowList allowList;
    private final ApiOrigins origins;
    private final Resolver resolver;

    public ApiUrlGuard(HostAllowList allowList, ApiOrigins origins) {
        this(allowList, origins, InetAddress::getAllByName);
    }

    public ApiUrlGuard(HostAllowList allowList, ApiOrigins origins, Resolver resolver) {
        this.allowList = allowList;
        this.origins = origins;
        this.resolver = resolver;
    }

    /** Checks the form of the URL: absolute http/https with a host, a port in range, no user-info, no fragment. */
    public URI checkFormat(String apiUrl) {
        if (apiUrl.length() > MAX_URL_LENGTH) {
            throw invalid("Invalid apiUrl: longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(apiUrl);
        } catch (URISyntaxException e) {
            throw invalid("Invalid apiUrl: not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw invalid("Invalid apiUrl: must be an absolute http or https URL with a host");
        }
        // java.net.URI takes any digits as a port: 0 or one above 65535 would fail only in the probe, as a 500
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw invalid("Invalid apiUrl: port out of range");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("Invalid apiUrl: user credentials in the URL are not allowed");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("Invalid apiUrl: fragments are not allowed");
        }
        return uri;
    }

    /**
     * Refuses an apiUrl (or a request about to be sent) whose origin is not one of {@code API_ALLOWED_ORIGINS}, when
     * that list is set. A pure comparison of names: it runs before any resolution or connection.
     *
     * @param port -1 for the scheme's default
     */
    public void checkOrigin(String scheme, String host, int port) {
        if (!origins.allows(scheme, host, port)) {
            throw new GatewayException(ErrorType.AUTH_ERROR,
                    "apiUrl is not allowed: it is not one of the gateway's known credential APIs");
        }
    }

    /**
     * Resolves a host and refuses it when any of its addresses is blocked, unless the host is allow-listed.
     *
     * @throws BlockedAddressException for a blocked address (an {@link UnknownHostException}, as HTTP clients expect)
     */
    public InetAddress[] resolveAllowed(String host) throws UnknownHostException {
        InetAddress[] addresses = resolver.resolve(host);
        if (allowList.allows(host)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            if (BlockedAddresses.isBlocked(address)) {
                throw new BlockedAddressException();
            }
        }
        return addresses;
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(ErrorType.AUTH_ERROR, message);
    }

    /** A host that resolves to a blocked address; carries its catalog answer as the cause. */
    public static final class BlockedAddressException extends UnknownHostException {
        public BlockedAddressException() {
            super("blocked address");
            initCause(new GatewayException(ErrorType.AUTH_ERROR,
                    "apiUrl is not allowed: its host resolves to a private, loopback or reserved address"));
        }
    }
}

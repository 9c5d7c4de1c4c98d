package io.mcpgateway.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiUrlGuardTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private final ApiUrlGuard guard = new ApiUrlGuard(HostAllowList.parse("localhost, *.corp.example"), ApiOrigins.any(),
            host -> new InetAddress[] {ip(host.endsWith("corp.example") || host.equals("localhost") ? "10.0.0.5" : "203.0.113.9")});

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com", "http://api.example.com:8080/v1/", "http://api.example.com:65535",
            "HTTPS://API.EXAMPLE.COM/x?tenant=a"})
    void acceptsAbsoluteHttpUrls(String url) {
        assertThat(guard.checkFormat(url).getHost()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://api.example.com", "file:///etc/passwd", "//api.example.com", "api.example.com",
            "https://user:pw@api.example.com", "https://api.example.com/#frag", "http://", "https:// space.com",
            "javascript:alert(1)", "http://api.example.com:0/", "http://api.example.com:65536/",
            "http://api.example.com:99999999999/"})
    void rejectsEverythingElseAsAuthError(String url) {
        assertThatThrownBy(() -> guard.checkFormat(url)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.type()).isEqualTo(ErrorType.AUTH_ERROR));
    }

    @Test
    void rejectsOverlongUrls() {
        assertThatThrownBy(() -> guard.checkFormat("https://a.example/" + "x".repeat(ApiUrlGuard.MAX_URL_LENGTH)))
                .isInstanceOf(GatewayException.class);
    }

    @Test
    void allowListedHostsMayResolveToPrivateAddresses() throws UnknownHostException {
        assertThat(guard.resolveAllowed("api.corp.example")).isNotEmpty();
        assertThat(guard.resolveAllowed("LOCALHOST")).isNotEmpty();
    }

    @Test
    void wildcardDoesNotMatchTheBareDomainOrLookalikes() {
        assertThatThrownBy(() -> guard.resolveAllowed("corp.example")).isInstanceOf(ApiUrlGuard.BlockedAddressException.class);
        assertThatThrownBy(() -> guard.resolveAllowed("evilcorp.example")).isInstanceOf(ApiUrlGuard.BlockedAddressException.class);
    }

    @Test
    void aHostIsBlockedWhenAnyOfItsAddressesIs() {
        ApiUrlGuard mixed = new ApiUrlGuard(HostAllowList.parse(""), ApiOrigins.any(),
                host -> new InetAddress[] {ip("203.0.113.9"), ip("127.0.0.1")});
        assertThatThrownBy(() -> mixed.resolveAllowed("rebind.example"))
                .isInstanceOfSatisfying(ApiUrlGuard.BlockedAddressException.class,
                        e -> assertThat(ErrorCatalog.classify(e).type()).isEqualTo(ErrorType.AUTH_ERROR));
    }

    @Test
    void everyConnectionResolvesAndChecksAgain() throws UnknownHostException {
        // DNS rebinding: a public answer for the early check, a private one when the client connects
        AtomicInteger lookups = new AtomicInteger();
        ApiUrlGuard rebinding = new ApiUrlGuard(HostAllowList.parse(""), ApiOrigins.any(),
                host -> new InetAddress[] {ip(lookups.getAndIncrement() == 0 ? "203.0.113.9" : "169.254.169.254")});
        GuardedDnsResolver clientResolver = new GuardedDnsResolver(rebinding);

        assertThat(rebinding.resolveAllowed("rebind.example")).isNotEmpty();
        assertThatThrownBy(() -> clientResolver.resolve("rebind.example"))
                .isInstanceOf(ApiUrlGuard.BlockedAddressException.class);
    }
}

package io.mcpgateway.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ApiOriginsTest {

    private static ApiOrigins parse(String list) {
        List<String> problems = new ArrayList<>();
        ApiOrigins origins = ApiOrigins.parse(list, problems);
        assertThat(problems).as(list).isEmpty();
        return origins;
    }

    private static boolean allows(ApiOrigins origins, String url) {
        URI uri = URI.create(url);
        return origins.allows(uri.getScheme(), uri.getHost(), uri.getPort());
    }

    @Test
    void anExactOriginMatchesItsSchemeHostAndPortWithTheDefaultPortFilledIn() {
        ApiOrigins origins = parse("https://api.example.com");

        assertThat(allows(origins, "https://api.example.com/v1/settings?x=1")).isTrue();
        assertThat(allows(origins, "https://api.example.com:443/v1")).isTrue();
        assertThat(allows(origins, "https://API.Example.COM")).as("host case-insensitive").isTrue();
        assertThat(allows(origins, "HTTPS://api.example.com")).isTrue();
        assertThat(allows(origins, "http://api.example.com")).as("scheme exact").isFalse();
        assertThat(allows(origins, "https://api.example.com:8443")).as("port exact").isFalse();
        assertThat(allows(origins, "https://eu.api.example.com")).as("no sub-domains").isFalse();
        assertThat(allows(origins, "https://api.example.com.evil.net")).isFalse();
        assertThat(allows(origins, "https://evilapi.example.com")).isFalse();
    }

    @Test
    void anExplicitPortMustBeUsedAndTheDefaultOneMayBeWritten() {
        ApiOrigins origins = parse("http://127.0.0.1:8081, https://api.example.com:443, http://[::1]:9000");

        assertThat(allows(origins, "http://127.0.0.1:8081/api")).isTrue();
        assertThat(allows(origins, "http://127.0.0.1/api")).isFalse();
        assertThat(allows(origins, "http://127.0.0.1:8082/api")).isFalse();
        assertThat(allows(origins, "https://api.example.com/")).isTrue();
        assertThat(allows(origins, "http://[::1]:9000/")).isTrue();
        assertThat(allows(origins, "http://[::1]:9001/")).isFalse();
    }

    @Test
    void aWildcardMatchesSubDomainsOnly() {
        ApiOrigins origins = parse("https://*.example.com");

        assertThat(allows(origins, "https://api.example.com")).isTrue();
        assertThat(allows(origins, "https://a.b.Example.com:443/x")).isTrue();
        assertThat(allows(origins, "https://example.com")).as("the domain itself is not a sub-domain").isFalse();
        assertThat(allows(origins, "https://evilexample.com")).isFalse();
        assertThat(allows(origins, "https://api.example.com.evil.net")).isFalse();
        assertThat(allows(origins, "http://api.example.com")).isFalse();
    }

    @Test
    void anEmptyListAllowsAnyOrigin() {
        assertThat(parse("").isEmpty()).isTrue();
        assertThat(allows(parse(" "), "https://anything.example")).isTrue();
        assertThat(allows(ApiOrigins.any(), "http://8.8.8.8")).isTrue();
    }

    @Test
    void whatIsNotAComparableOriginIsRefusedOnceAListIsSet() {
        ApiOrigins origins = parse("https://api.example.com");

        assertThat(origins.allows(null, "api.example.com", -1)).isFalse();
        assertThat(origins.allows("https", null, -1)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "https://*", "http://*", "https://*.com", "https://*.0.0.1", "https://*.[::1]",
        "*.example.com", "api.example.com", "ftp://api.example.com", "https://api.example.com/",
        "https://api.example.com/v1", "https://api.example.com?x=1", "https://api.example.com#f",
        "https://someone:pw@api.example.com", "https://someone@api.example.com", "https://api.example.com:0",
        "https://api.example.com:65536", "https://api.example.com:", "https://api..example.com",
        "https://-api.example.com", "https://api_example.com", "https://", "https://api.example.com, ",
        "https://a.example.com,,https://b.example.com"})
    void everythingButAnOriginOrASubDomainWildcardIsAProblemNamedByPositionNotValue(String list) {
        List<String> problems = new ArrayList<>();

        ApiOrigins.parse(list, problems);

        assertThat(problems).as(list).singleElement().asString().startsWith("entry ")
                .doesNotContain("example.com").doesNotContain("someone").doesNotContain("pw@");
    }

    @Test
    void theAuditOriginIsSchemeHostAndANonDefaultPortNeverPathQueryOrUserInfo() {
        assertThat(ApiOrigins.originOf("https://user:pw@API.example.com:443/v1/x?token=s#f")).hasValue("https://api.example.com");
        assertThat(ApiOrigins.originOf("http://127.0.0.1:8081/base?q=1")).hasValue("http://127.0.0.1:8081");
        assertThat(ApiOrigins.originOf("http://[::1]:80/")).hasValue("http://[::1]");
        assertThat(ApiOrigins.originOf("not a url")).isEmpty();
        assertThat(ApiOrigins.originOf("ftp://files.example.com/")).isEmpty();
        assertThat(ApiOrigins.originOf(null)).isEmpty();
    }
}

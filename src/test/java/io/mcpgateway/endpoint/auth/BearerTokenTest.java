package io.mcpgateway.endpoint.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bearer token is read from one Authorization header and from nowhere else. */
class BearerTokenTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

    private static Optional<BearerToken> fromHeaders(String... values) {
        return BearerToken.from(Arrays.asList(values), null, null, null);
    }

    private static void refused(Runnable extraction, String message) {
        assertThatThrownBy(extraction::run).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.AUTH_ERROR);
            assertThat(e.getMessage()).isEqualTo(message).doesNotContain(TOKEN);
        });
    }

    @Test
    void readsTheTokenOfOneBearerHeader() {
        assertThat(fromHeaders("Bearer " + TOKEN)).map(BearerToken::value).contains(TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer ", "BEARER ", "Bearer   ", " Bearer "})
    void theSchemeIsCaseInsensitiveAndBlanksAroundAreTolerated(String prefix) {
        assertThat(fromHeaders(prefix + TOKEN + " ")).map(BearerToken::value).contains(TOKEN);
    }

    @Test
    void acceptsEveryToken68Character() {
        assertThat(fromHeaders("Bearer aZ09-._~+/==")).map(BearerToken::value).contains("aZ09-._~+/==");
    }

    @Test
    void noHeaderIsNoTokenNotARefusal() {
        assertThat(BearerToken.from(List.of(), "cursor=abc", "application/json", "{}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer a b", "Bearer a,Bearer b",
        "Bearer =abc", "Bearer abc=def", "Bearer \"abc\"", "Bearer\tabc", "Token abc", "Bearerabc"})
    void refusesAHeaderThatIsNotBearerAndOneToken68(String header) {
        refused(() -> fromHeaders(header), "The Authorization header must be Bearer and a token");
    }

    @Test
    void refusesTwoAuthorizationHeadersEvenWhenTheyAgree() {
        refused(() -> fromHeaders("Bearer " + TOKEN, "Bearer " + TOKEN), "Only one Authorization header is allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"access_token=" + TOKEN, "a=1&access_token=" + TOKEN, "access%5Ftoken=x", "ACCESS_TOKEN=x",
        "access_token", "a=1;access_token=x"})
    void refusesATokenInTheQueryStringEvenBesideTheHeader(String query) {
        refused(() -> BearerToken.from(List.of("Bearer " + TOKEN), query, null, null),
                "Access tokens are not accepted in the query string; send Authorization: Bearer");
    }

    @Test
    void otherQueryParametersAreNoConcernOfIts() {
        assertThat(BearerToken.from(List.of("Bearer " + TOKEN), "token_hint=1&my_access_token=2&q=access_token", null, null))
                .map(BearerToken::value).contains(TOKEN);
    }

    @Test
    void refusesATokenInAFormBody() {
        refused(() -> BearerToken.from(List.of(), null, "Application/X-WWW-Form-URLEncoded; charset=UTF-8",
                "grant=x&access_token=" + TOKEN), "Access tokens are not accepted in a form body; send Authorization: Bearer");
    }

    @Test
    void aJsonBodyIsNotReadAsAForm() {
        assertThat(BearerToken.from(List.of(), null, "application/json", "access_token=" + TOKEN)).isEmpty();
    }

    @Test
    void neverPrintsTheToken() {
        assertThat(fromHeaders("Bearer " + TOKEN).orElseThrow().toString()).doesNotContain(TOKEN).contains("redacted");
    }
}

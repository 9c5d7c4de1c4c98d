package io.mcpgateway.endpoint.auth;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The WWW-Authenticate values: RFC 6750 syntax, the metadata URL in every one, nothing from the request. */
class BearerChallengeTest {

    private final BearerChallenge challenge = new BearerChallenge(
            ProtectedResourceMetadata.of("https://gw.example.com", "/mcp/github", List.of(), List.of()));

    @Test
    void withoutATokenNamesOnlyTheMetadata() {
        assertThat(challenge.missingToken()).isEqualTo(
                "Bearer resource_metadata=\"https://gw.example.com/.well-known/oauth-protected-resource/mcp/github\"");
    }

    @Test
    void aRefusedTokenGetsInvalidTokenWithAFixedDescription() {
        assertThat(challenge.invalidToken()).isEqualTo(
                "Bearer resource_metadata=\"https://gw.example.com/.well-known/oauth-protected-resource/mcp/github\", "
                        + "error=\"invalid_token\", "
                        + "error_description=\"The access token is malformed, expired, revoked or not issued for this resource\"");
    }

    @Test
    void aMissingScopeGetsInsufficientScopeNamingTheScopesNeeded() {
        assertThat(challenge.insufficientScope(List.of("tools:call", "admin")))
                .startsWith("Bearer resource_metadata=\"https://gw.example.com/.well-known/oauth-protected-resource/mcp/github\", ")
                .contains("error=\"insufficient_scope\"", "scope=\"tools:call admin\"", "error_description=\"");
    }

    @Test
    void everyValueKeepsToTheCharactersRfc6750Allows() {
        for (String value : List.of(challenge.missingToken(), challenge.invalidToken(),
                challenge.insufficientScope(List.of("read")))) {
            assertThat(value).matches("Bearer( [a-z_]+=\"[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*\",?)+");
        }
    }

    @Test
    void quotesAndBackslashesAreEscapedInAQuotedString() {
        assertThat(BearerChallenge.quoted("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }

    @Test
    void refusesAScopeThatIsNotAScopeToken() {
        assertThatThrownBy(() -> challenge.insufficientScope(List.of("read\", error=\"x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> challenge.insufficientScope(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}

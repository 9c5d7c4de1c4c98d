package io.mcpgateway.endpoint.auth;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RFC 9728 document of an MCP endpoint, and the addresses it is served at. */
class ProtectedResourceMetadataTest {

    private static final List<String> SERVERS = List.of("https://login.example.com", "https://idp.example.org/realms/mcp");

    @Test
    void describesTheEndpointWithItsAuthorizationServersAndScopes() throws Exception {
        ProtectedResourceMetadata metadata = ProtectedResourceMetadata.of("https://gw.example.com", "/mcp", SERVERS,
                List.of("tools:read", "tools:call"));

        JsonNode document = new ObjectMapper().readTree(metadata.toJson());
        assertThat(document.get("resource").asText()).isEqualTo("https://gw.example.com/mcp");
        assertThat(document.get("authorization_servers")).extracting(JsonNode::asText).containsExactlyElementsOf(SERVERS);
        assertThat(document.get("bearer_methods_supported")).extracting(JsonNode::asText).containsExactly("header");
        assertThat(document.get("scopes_supported")).extracting(JsonNode::asText).containsExactly("tools:read", "tools:call");
        assertThat(document.size()).isEqualTo(4);
    }

    @Test
    void insertsTheWellKnownPathBetweenTheHostAndTheResourcePath() {
        ProtectedResourceMetadata github = ProtectedResourceMetadata.of("https://gw.example.com:8443/", "/mcp/github",
                SERVERS, List.of());

        assertThat(github.resource()).isEqualTo("https://gw.example.com:8443/mcp/github");
        assertThat(github.metadataUrl()).isEqualTo("https://gw.example.com:8443/.well-known/oauth-protected-resource/mcp/github");
        assertThat(github.servedAt()).as("the root form belongs to /mcp alone")
                .containsExactly("/.well-known/oauth-protected-resource/mcp/github");
    }

    @Test
    void theGatewayWideEndpointIsAlsoServedAtTheRootForm() {
        ProtectedResourceMetadata metadata = ProtectedResourceMetadata.of("https://gw.example.com", "/mcp", SERVERS, List.of());

        assertThat(metadata.servedAt()).containsExactly("/.well-known/oauth-protected-resource/mcp",
                "/.well-known/oauth-protected-resource");
    }

    @Test
    void theBaseIsCanonicalLowerCaseWithoutItsDefaultPort() {
        ProtectedResourceMetadata metadata = ProtectedResourceMetadata.of("HTTPS://GW.Example.com:443", "/mcp", SERVERS, List.of());

        assertThat(metadata.resource()).isEqualTo("https://gw.example.com/mcp");
        assertThat(ProtectedResourceMetadata.of("http://localhost:8080", "/mcp", List.of(), List.of()).resource())
                .as("plain http on loopback, for demo mode").isEqualTo("http://localhost:8080/mcp");
    }

    @Test
    void leavesOutTheMembersItHasNoValuesFor() throws Exception {
        JsonNode document = new ObjectMapper().readTree(
                ProtectedResourceMetadata.of("https://gw.example.com", "/mcp", List.of(), List.of()).toJson());

        assertThat(document.has("authorization_servers")).isFalse();
        assertThat(document.has("scopes_supported")).isFalse();
        assertThat(document.get("bearer_methods_supported")).extracting(JsonNode::asText).containsExactly("header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://gw.example.com", "https://gw.example.com/prefix", "https://gw.example.com?x=1",
        "https://gw.example.com#top", "https://user@gw.example.com", "gw.example.com", "ftp://gw.example.com",
        "https://gw.example.com:0", "https://gw.example.com:70000", "https:/gw.example.com"})
    void refusesABaseThatIsNotAnHttpsOrigin(String base) {
        assertThatThrownBy(() -> ProtectedResourceMetadata.of(base, "/mcp", SERVERS, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public base URL")
                .hasMessageNotContaining(base);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/mcp/", "/mcp/GitHub", "/mcp/a/b", "/other", "mcp", "/mcp/../admin"})
    void refusesAPathThatIsNotAnEndpoint(String path) {
        assertThatThrownBy(() -> ProtectedResourceMetadata.of("https://gw.example.com", path, SERVERS, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resource path");
    }

    @Test
    void refusesAnAuthorizationServerOrScopeThatBreaksTheRulesByPositionNotValue() {
        assertThatThrownBy(() -> ProtectedResourceMetadata.of("https://gw.example.com", "/mcp",
                List.of("https://ok.example.com", "http://idp.example.com?tenant=secret"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("authorization server 2 ").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ProtectedResourceMetadata.of("https://gw.example.com", "/mcp", SERVERS,
                List.of("read", "two words")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("scope 2 ");
    }
}

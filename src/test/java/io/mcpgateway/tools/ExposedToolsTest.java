package io.mcpgateway.tools;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.security.InitRequest;
import io.mcpgateway.security.TokenTimes;
import io.mcpgateway.session.GatewaySession;
import io.mcpgateway.session.InMemorySessionStore;
import io.mcpgateway.session.SessionRecord;
import io.mcpgateway.session.SessionStore;
import io.mcpgateway.testing.TestTokens;
import io.mcpgateway.testing.TestUpstreams;
import io.mcpgateway.upstream.Upstream;
import io.mcpgateway.upstream.UpstreamRegistry;
import io.mcpgateway.upstream.UpstreamRegistry.Federation;
import io.mcpgateway.upstream.federation.ClaimCondition;
import io.mcpgateway.upstream.federation.Glob;
import io.mcpgateway.upstream.federation.PolicyRule;
import io.mcpgateway.upstream.federation.ToolFilter;
import io.mcpgateway.upstream.federation.ToolNames;
import io.mcpgateway.upstream.federation.ToolPolicy;
import io.mcpgateway.upstream.federation.ToolRef;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Names and policy as a caller meets them, on two upstreams: {@code docs} (its {@code secret_*} tools filtered out)
 * and {@code code}; engineers see everything, everyone else the {@code docs} tools only.
 */
class ExposedToolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ToolListCache toolLists = new ToolListCache(Duration.ofMinutes(1), 100);
    private final List<String> collisionsCounted = new ArrayList<>();
    private final SessionStore sessions = new InMemorySessionStore(new SessionStore.Limits(Duration.ofMinutes(5),
            Duration.ofHours(1), 100, 100, 100));
    private final DefaultCamelContext context = new DefaultCamelContext();

    private static Federation federation(boolean policed, String... upstreams) {
        Map<String, Upstream> byName = new LinkedHashMap<>();
        Map<String, ToolFilter> filters = new LinkedHashMap<>();
        for (String name : upstreams) {
            byName.put(name, TestUpstreams.upstream(name, false));
            filters.put(name, name.equals("docs") ? new ToolFilter(List.of(), List.of(new Glob("secret_*")))
                    : ToolFilter.ALL);
        }
        List<PolicyRule> rules = List.of(
                new PolicyRule(Optional.of(new ClaimCondition("groups", "engineering")), List.of(new Glob("*")), List.of()),
                new PolicyRule(Optional.empty(), List.of(new Glob("docs__*"), new Glob("search*")), List.of()));
        return new Federation(byName, ToolNames.forUpstreams(upstreams.length), new ToolPolicy(filters, rules, false),
                policed);
    }

    private ExposedTools exposed(Federation federation) {
        return new ExposedTools(new UpstreamRegistry(federation), toolLists, null, collisionsCounted::add);
    }

    private GatewaySession session(String id, String groups) {
        String token = TestTokens.jwt("HS256", "{\"sub\":\"" + id + "\",\"groups\":" + groups + ",\"exp\":"
                + Instant.now().plusSeconds(3600).getEpochSecond() + "}");
        sessions.store(SessionRecord.of(InitRequest.of(id, "https://api.example.com", token), id, "127.0.0.1",
                TokenTimes.NONE, Map.of()));
        return sessions.peek(id).orElseThrow();
    }

    private void listed(String sessionId, String upstream, String... tools) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (String tool : tools) {
            list.addObject().put("name", tool).putObject("inputSchema").put("type", "object");
        }
        toolLists.put(sessionId, upstream, list, true);
    }

    private Exchange call(GatewaySession session, String name) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(GatewayExchange.SESSION, session);
        exchange.setProperty(GatewayExchange.SESSION_ID, session.sessionId());
        exchange.setProperty(GatewayExchange.TOOL_NAME, name);
        exchange.setProperty(GatewayExchange.UPSTREAM_PARAMS, JSON.createObjectNode().put("name", name));
        exchange.getMessage().setBody(new byte[10]);
        return exchange;
    }

    private static List<String> names(List<ExposedTools.Visible> visible) {
        return visible.stream().map(tool -> tool.tool().path("name").asText()).toList();
    }

    @Test
    void aRenamedToolIsListedWithItsOriginAndACallOfItReachesTheOriginal() throws Exception {
        Federation federation = federation(true, "docs", "code");
        GatewaySession engineer = session("e1", "[\"engineering\"]");
        listed("e1", "docs", "search.pages/v2", "read");
        List<ExposedTools.Visible> visible = exposed(federation).visible(federation, engineer, "docs",
                toolLists.tools("e1", "docs").orElseThrow());
        String renamed = visible.get(0).tool().path("name").asText();
        assertThat(renamed).matches("docs__search_pages_v2_[0-9a-f]{8}");
        assertThat(visible.get(0).tool().at("/_meta/io.mcpgateway~1upstream").toString())
                .isEqualTo("{\"upstream\":\"docs\",\"tool\":\"search.pages/v2\"}");
        assertThat(names(visible)).containsExactly(renamed, "docs__read");

        Exchange call = call(engineer, renamed);
        exposed(federation).resolve(call);
        assertThat(call.getProperty(GatewayExchange.UPSTREAM_NAME)).isEqualTo("docs");
        assertThat(call.getProperty(GatewayExchange.UPSTREAM_TOOL)).isEqualTo("search.pages/v2");
        assertThat(call.getProperty(GatewayExchange.UPSTREAM_PARAMS, com.fasterxml.jackson.databind.JsonNode.class)
                .path("name").asText()).isEqualTo("search.pages/v2");
    }

    @Test
    void filteredDeniedCollidingAndUnknownToolsAreAbsentAndAnswerAlike() {
        Federation federation = federation(true, "docs", "code");
        GatewaySession reader = session("r1", "[]");
        listed("r1", "docs", "read", "secret_plans", "dup", "dup", ToolNames.GATEWAY_TOOL);
        listed("r1", "code", "get_file");
        ExposedTools tools = exposed(federation);
        assertThat(names(tools.visible(federation, reader, "docs", toolLists.tools("r1", "docs").orElseThrow())))
                .containsExactly("docs__read", "docs__validate_settings");
        assertThat(names(tools.visible(federation, reader, "code", toolLists.tools("r1", "code").orElseThrow())))
                .isEmpty();
        for (String name : List.of("docs__secret_plans", "code__get_file", "docs__dup", "docs__nothing", "nowhere__x",
                "no_prefix")) {
            assertThatThrownBy(() -> tools.resolve(call(reader, name))).as(name)
                    .isInstanceOfSatisfying(GatewayException.class, e ->
                            assertThat(e.getMessage()).isEqualTo("Unknown tool: " + name));
        }
        // the collision is logged and counted once, however often it is listed
        tools.visible(federation, reader, "docs", toolLists.tools("r1", "docs").orElseThrow());
        assertThat(collisionsCounted).containsExactly("docs");
    }

    @Test
    void whileAnUpstreamsListCannotBeHadOnlyPlainNamesResolveAndThePolicyStillDecides() {
        Federation federation = federation(true, "docs", "code");
        GatewaySession reader = session("r2", "[]");
        toolLists.putUnavailable("r2", "docs");
        toolLists.putUnavailable("r2", "code");
        Exchange plain = call(reader, "docs__read");
        exposed(federation).resolve(plain);
        assertThat(plain.getProperty(GatewayExchange.UPSTREAM_TOOL)).isEqualTo("read");
        for (String name : List.of("code__get_file", "docs__secret_x")) {
            assertThatThrownBy(() -> exposed(federation).resolve(call(reader, name))).as(name)
                    .hasMessage("Unknown tool: " + name);
        }
        // a renamed tool cannot be told from its name alone: the name is taken as it reads, for the upstream to judge
        String renamed = ToolNames.forUpstreams(2).expose(new ToolRef("docs", "a.b")).name();
        Exchange guessed = call(reader, renamed);
        exposed(federation).resolve(guessed);
        assertThat(guessed.getProperty(GatewayExchange.UPSTREAM_TOOL)).isEqualTo(renamed.substring("docs__".length()));
    }

    @Test
    void withoutAnUpstreamsFileEveryNameGoesUnchangedToTheOneUpstream() {
        Federation federation = federation(false, "default");
        Exchange call = call(session("d1", "[]"), "anything.at/all");
        exposed(federation).resolve(call);
        assertThat(call.getProperty(GatewayExchange.UPSTREAM_NAME)).isEqualTo("default");
        assertThat(call.getProperty(GatewayExchange.UPSTREAM_TOOL)).isEqualTo("anything.at/all");
    }

    @Test
    void aCallLargerThanItsUpstreamAllowsIsRefused() {
        Federation federation = federation(false, "default");
        Exchange call = call(session("d2", "[]"), "echo");
        call.getMessage().setBody(new byte[federation.byName().get("default").definition().maxRequestSizeKb() * 1024 + 1]);
        assertThatThrownBy(() -> exposed(federation).resolve(call)).hasMessageContaining("exceeds the limit");
    }
}

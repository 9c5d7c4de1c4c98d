package io.mcpgateway.error;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.session.GatewaySession;
import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import io.mcpgateway.testing.hostile.HostileRequest;
import io.mcpgateway.testing.hostile.HostileRequests;
import io.mcpgateway.testing.hostile.RawHttp;
import io.mcpgateway.testing.hostile.RawResponse;
import io.mcpgateway.testing.hostile.Targets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input corpus ({@link HostileRequests}) against the whole gateway, over real connections, with live
 * sessions to attack. Every answer must be a client error from the catalog: never a 5xx, never silence or a reset
 * (only a request whose body framing is broken may be answered by closing the connection), with no header or value
 * of the request echoed and no planted secret in any answer or log line. Afterwards the sessions still work, with
 * their upstream sessions, and nothing was stored for the garbage.
 */
class HostileInputIT extends GatewayTestSupport {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> ANSWER_HEADERS = Set.of("x-request-id", "x-content-type-options", "content-type",
            "content-length", "transfer-encoding", "connection", "allow", "www-authenticate", "retry-after");
    private static final List<String> CATALOG_FIELDS = List.of("status", "error_type", "error", "request_id");
    private static final Pattern PLAIN_REQUEST_ID = Pattern.compile("^[A-Za-z0-9._-]{8,64}$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String TOKEN_CLAIM = "HOSTILE-SECRET-TOKEN-CLAIM";
    private static final String AUTH_TOKEN = "HOSTILE-SECRET-AUTH-TOKEN-5b1f0c";
    private static final String API_KEY = "HOSTILE-SECRET-API-KEY-9c3e77";
    private static final String SIGNING_SECRET = "HOSTILE-SECRET-SIGNING-SECRET-0123456789abcdef";

    private final CredentialApiStub api = new CredentialApiStub();
    private final String apiUrl = api.apiUrl("") + "?apikey=" + HostileRequests.PLANTED_URL_PARTS.get(1);
    private final Targets.Session victim = new Targets.Session("hostile-victim", token("alice"));
    private final Targets.Session other = new Targets.Session("hostile-other", token("bob"));
    private final Targets.Session bystander = new Targets.Session("hostile-bystander", token("carol"));
    private final List<Targets.Session> live = List.of(victim, other, bystander);

    @Override
    protected Map<String, String> settings() {
        // rate limits out of the way, so that a 429 hides no other answer; everything else as shipped
        return Map.of("gateway.init.rate-limit-per-minute", "1000000", "mcp.rate-limit-per-minute", "1000000",
                "mcp.auth-token", AUTH_TOKEN, "mcp.api-key", API_KEY, "mcp.signing-secret", SIGNING_SECRET);
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void everyHostileRequestIsRefusedFromTheCatalogAndLeavesTheSessionsWorking() {
        for (Targets.Session session : live) {
            api.accepts(session.token());
            assertThat(postInit(session.id(), apiUrl, session.token()).statusCode()).isEqualTo(200);
            assertThat(echo(session).statusCode()).isEqualTo(200);
        }
        Map<String, Object> upstreamBefore = upstreamSessions();
        List<HostileRequest> corpus = HostileRequests.corpus(new Targets(apiUrl, victim, other, token("stranger")));
        assertThat(corpus.stream().map(r -> ByteBuffer.wrap(r.wire())).distinct().count()).isGreaterThanOrEqualTo(2_000);
        int logStart = CapturedLogs.text().length();

        List<String> violations = sendAll(corpus);

        assertThat(violations).as(violations.size() + " of " + corpus.size() + " answers break the rules:\n"
                + String.join("\n", violations)).isEmpty();
        for (Targets.Session session : live) {
            assertThat(echo(session).statusCode()).as(session.id() + " still works").isEqualTo(200);
        }
        assertThat(upstreamSessions()).as("the same upstream sessions").isEqualTo(upstreamBefore);
        sessions().cleanUp();
        assertThat(sessions().ids()).as("nothing stored for the garbage")
                .containsExactlyInAnyOrderElementsOf(live.stream().map(Targets.Session::id).toList());
        String logs = CapturedLogs.text();
        assertThat(planted()).as("planted secrets in the logs").noneMatch(CapturedLogs.textOutsideApiOrigins()::contains);
        assertThat(logs.substring(logStart).lines().filter(line -> line.contains(" ERROR ")))
                .as("error lines while the corpus ran").isEmpty();
    }

    /** Sends the corpus in order and prints what came back; returns each answer that breaks a rule, with its label. */
    private List<String> sendAll(List<HostileRequest> corpus) {
        long started = System.nanoTime();
        Map<String, Integer> answers = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        for (HostileRequest request : corpus) {
            Verdict verdict = judge(request);
            answers.merge(verdict.outcome(), 1, Integer::sum);
            if (!verdict.problems().isEmpty()) {
                violations.add(request.label() + " -> " + verdict.outcome() + " " + verdict.problems() + " "
                        + verdict.excerpt());
            }
        }
        System.out.println("Hostile-input corpus: " + corpus.size() + " requests in "
                + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s; answers by status: " + answers
                + "; by category: " + corpus.stream().collect(Collectors.groupingBy(HostileRequest::category,
                        LinkedHashMap::new, Collectors.counting())));
        return violations;
    }

    private record Verdict(String outcome, List<String> problems, String excerpt) {
    }

    private Verdict judge(HostileRequest request) {
        Optional<RawResponse> answer;
        try {
            answer = RawHttp.exchange(gatewayPort(), request.wire(), ANSWER_TIMEOUT);
        } catch (IOException e) {
            String outcome = e.getClass().getSimpleName();
            return new Verdict(outcome, request.mayGoUnanswered() && !outcome.equals("SocketTimeoutException")
                    ? List.of() : List.of("no answer: " + e.getMessage()), "");
        }
        if (answer.isEmpty()) {
            return new Verdict("closed", request.mayGoUnanswered() ? List.of() : List.of("closed without an answer"), "");
        }
        RawResponse response = answer.get();
        String text = response.text();
        // "bare": the HTTP server's own answer, or a HEAD's, with no body to judge
        String outcome = response.status() + (response.body().length == 0 ? " bare" : "");
        return new Verdict(outcome, problems(request, response), text.substring(0, Math.min(text.length(), 300)));
    }

    private List<String> problems(HostileRequest request, RawResponse response) {
        List<String> problems = new ArrayList<>();
        if (response.status() < 400 || response.status() > 499) {
            problems.add("not a client error");
        }
        if (request.expectedStatus() != HostileRequest.ANY_CLIENT_ERROR && response.status() != request.expectedStatus()) {
            problems.add("expected " + request.expectedStatus());
        }
        response.headers().stream().map(Map.Entry::getKey)
                .filter(name -> !ANSWER_HEADERS.contains(name.toLowerCase(Locale.ROOT)))
                .forEach(name -> problems.add("header " + name + " in the answer"));
        response.header("X-Request-Id").filter(id -> !PLAIN_REQUEST_ID.matcher(id).matches())
                .ifPresent(id -> problems.add("request id not plain"));
        if (response.body().length > 0) {
            problems.addAll(catalogProblems(response));
        }
        planted().stream().filter(response.text()::contains)
                .forEach(secret -> problems.add("reveals " + secret));
        return problems;
    }

    /** The body must be exactly a catalog answer, whose type's status is the one the answer has. */
    private static List<String> catalogProblems(RawResponse response) {
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            return List.of("body is not JSON");
        }
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        if (!fields.equals(CATALOG_FIELDS) || !body.path("status").asText().equals("error")
                || !body.path("error").isTextual() || body.path("error").asText().isEmpty()) {
            return List.of("not the catalog shape");
        }
        String type = body.path("error_type").asText();
        if (Arrays.stream(ErrorType.values()).noneMatch(t -> t.name().equals(type))) {
            return List.of("error_type " + type + " is not in the catalog");
        }
        List<String> problems = new ArrayList<>();
        if (ErrorType.valueOf(type).status() != response.status()) {
            problems.add(type + " is " + ErrorType.valueOf(type).status() + " in the catalog");
        }
        if (!response.header("X-Request-Id").orElse("").equals(body.path("request_id").asText())) {
            problems.add("request_id differs from X-Request-Id");
        }
        return problems;
    }

    /** The live tokens (whole, and their claims part), the claim planted in them, the gateway's secrets, URL parts. */
    private List<String> planted() {
        return Stream.of(live.stream().map(Targets.Session::token),
                        live.stream().map(session -> session.token().split("\\.")[1]),
                        Stream.of(TOKEN_CLAIM, AUTH_TOKEN, API_KEY, SIGNING_SECRET),
                        HostileRequests.PLANTED_URL_PARTS.stream())
                .flatMap(s -> s).toList();
    }

    private HttpResponse<String> echo(Targets.Session session) {
        return postAs(session.token(), "/tools/call", "{\"session_id\":\"" + session.id()
                + "\",\"name\":\"echo\",\"arguments\":{\"text\":\"still here\"}}");
    }

    private Map<String, Object> upstreamSessions() {
        Map<String, Object> upstream = new LinkedHashMap<>();
        live.forEach(session -> upstream.put(session.id(),
                sessions().peek(session.id()).map(GatewaySession::upstreams).orElse(null)));
        return upstream;
    }

    /** The same token for a subject in every run (it expires in 2100): only the API's port varies in the corpus. */
    private static String token(String subject) {
        return TestTokens.jwt("HS256", "{\"sub\":\"" + subject + "\",\"leak\":\"" + TOKEN_CLAIM + "\",\"jti\":\"hostile-"
                + subject + "\",\"exp\":4102444800}");
    }
}

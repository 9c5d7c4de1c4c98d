package io.mcpgateway.demo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The demo's walkthrough as data: open a session, list and call the tools, close the session. The banner prints it
 * as curl commands, the README shows the same commands for port 8080, and DemoModeIT sends each step and checks the
 * answers, so the three cannot drift apart.
 */
public final class DemoWalkthrough {

    public static final String SESSION_ID = "demo";

    /**
     * One HTTP request of the walkthrough.
     *
     * @param name           a short handle for the step
     * @param title          what the step shows
     * @param headers        in the order they are written
     * @param body           JSON, or null
     * @param expectedStatus the status the gateway answers
     * @param answer         what the answer says
     */
    public record Step(String name, String title, String method, String url, Map<String, String> headers, String body,
                       int expectedStatus, String answer) {

        public Step {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /**
         * The step as a curl command, one option per line; {@code -i} where the status is the point, and a line break
         * after the answer so that the next prompt starts on a line of its own.
         */
        public String curl() {
            StringBuilder curl = new StringBuilder("curl -s -w '\\n' ");
            if (expectedStatus != 200) {
                curl.append("-i ");
            }
            curl.append("-X ").append(method).append(' ').append(url);
            headers.forEach((name, value) ->
                    curl.append(" \\\n  -H '").append(name).append(": ").append(value).append('\''));
            if (body != null) {
                curl.append(" \\\n  -d '").append(body).append('\'');
            }
            return curl.toString();
        }
    }

    private DemoWalkthrough() {
    }

    /** The steps against a gateway in demo mode listening on 127.0.0.1 at the port. */
    public static List<Step> steps(int gatewayPort) {
        String gateway = "http://127.0.0.1:" + gatewayPort;
        String session = "\"session_id\":\"" + SESSION_ID + "\"";
        return List.of(
                new Step("init", "Open a session: the gateway checks the token with the (demo) credential API, then"
                        + " opens an MCP session upstream", "POST", gateway + "/init", json(),
                        "{" + session + ",\"apiUrl\":\"" + DemoCredentialApi.apiUrl(gatewayPort) + "\",\"jwtToken\":\""
                                + DemoCredentialApi.DEMO_TOKEN + "\"}",
                        200, "{\"status\":\"ok\"}"),
                new Step("list", "List the tools", "POST", gateway + "/tools/list", authenticatedJson(), "{" + session + "}",
                        200, "echo, add, slow, fail and the gateway's own validate_settings, each with its inputSchema"),
                callTool("echo", gateway, session, "{\"text\":\"hello\"}", "the text back: \"hello\""),
                callTool("add", gateway, session, "{\"a\":2,\"b\":3}",
                        "\"2 + 3 = 5\" as text, {\"sum\":5.0} as structuredContent"),
                callTool("slow", gateway, session, "{\"steps\":3}",
                        "\"done after 3 steps\"; the 3 progress notifications under _meta[\"io.mcpgateway/notifications\"]"),
                callTool("fail", gateway, session, "{}",
                        "200 with \"isError\": true: a tool's failure is a result, not an HTTP error"),
                new Step("close", "Close the session (the upstream MCP session ends with it)", "DELETE",
                        gateway + "/sessions/" + SESSION_ID, authenticated(), null, 204, "HTTP/1.1 204 No Content"),
                new Step("list-after-close", "The closed session is gone", "POST", gateway + "/tools/list",
                        authenticatedJson(), "{" + session + "}", 404, "HTTP/1.1 404 Not Found, error_type SESSION_NOT_FOUND"));
    }

    /** The walkthrough as the banner prints it: per step a title, the command and what it answers. */
    public static String render(int gatewayPort) {
        List<Step> steps = steps(gatewayPort);
        return IntStream.range(0, steps.size())
                .mapToObj(i -> "# " + (i + 1) + ". " + steps.get(i).title() + "\n" + steps.get(i).curl()
                        + "\n#    -> " + steps.get(i).answer() + "\n")
                .collect(Collectors.joining("\n"));
    }

    private static Step callTool(String tool, String gateway, String session, String arguments, String answer) {
        return new Step(tool, "Call " + tool, "POST", gateway + "/tools/call", authenticatedJson(),
                "{" + session + ",\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}", 200, answer);
    }

    private static Map<String, String> json() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return headers;
    }

    private static Map<String, String> authenticated() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + DemoCredentialApi.DEMO_TOKEN);
        return headers;
    }

    private static Map<String, String> authenticatedJson() {
        Map<String, String> headers = json();
        headers.putAll(authenticated());
        return headers;
    }
}

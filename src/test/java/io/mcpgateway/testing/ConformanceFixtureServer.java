package io.mcpgateway.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.demo.DemoMcpServer;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.AudioContent;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult.CompleteCompletion;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.util.DefaultMcpUriTemplateManager;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An MCP server offering every fixture the server scenarios of the official conformance suite
 * ({@code @modelcontextprotocol/conformance}, see {@link ConformanceSuite}) call by name: the {@code test_*} tools,
 * the {@code test://} resources and template, the {@code test_*} prompts, completion for
 * {@code test_prompt_with_arguments}, plus what the SDK answers itself (ping, {@code logging/setLevel},
 * {@code resources/subscribe} and {@code unsubscribe}).
 *
 * <p>It is the MCP Java SDK's own server (legacy era, Streamable HTTP with sessions, at {@code /mcp}) on Jetty on
 * 127.0.0.1 and a port the system picks, so that the suite measures a real implementation rather than this class;
 * each fixture holds only what its scenario checks. It accepts only loopback {@code Host} and {@code Origin} headers
 * (the SDK's validator), the protection a local server without credentials needs against DNS rebinding, which the
 * suite checks too.
 */
public final class ConformanceFixtureServer implements AutoCloseable {

    public static final String PATH = DemoMcpServer.PATH;

    private static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());
    /** The delay between the notifications of the logging and progress tools: they must arrive while a call runs. */
    private static final Duration STEP = Duration.ofMillis(50);
    private static final String PNG_BASE64 = base64(redPixelPng());
    private static final String WAV_BASE64 = base64(silentWav());
    private static final String NO_ARGUMENTS = """
            {"type":"object","properties":{}}""";
    private static final String TEMPLATE = "test://template/{id}/data";

    private final DemoMcpServer server;

    public ConformanceFixtureServer() throws Exception {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(JSON).mcpEndpoint(PATH).securityValidator(loopbackOnly()).build();
        server = new DemoMcpServer(transport, fixtures -> McpServer.sync(fixtures)
                .serverInfo("mcp-gateway-conformance-fixture", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(true, false)
                        .prompts(false).logging().completions().build())
                .tools(tools())
                .resources(resources())
                .resourceTemplates(templatedResource())
                .prompts(prompts())
                .completions(argumentCompletion())
                .build(), ServerConnector::new, 0);
    }

    /** The MCP endpoint, by loopback address: the suite's DNS-rebinding scenario needs a local URL. */
    public String url() {
        return "http://127.0.0.1:" + server.port() + PATH;
    }

    /**
     * Closes the MCP sessions and stops Jetty. The SDK 2.1.0 transport leaves one idle thread behind
     * ({@code streamable-http-server-transport-session-sweeper}, never disposed); a forked test JVM exits regardless.
     */
    @Override
    public void close() throws Exception {
        server.close();
    }

    /** Loopback names with any port; requests naming another host, or sent from another site's page, get a 4xx. */
    private static DefaultServerTransportSecurityValidator loopbackOnly() {
        List<String> hosts = List.of("127.0.0.1", "localhost", "[::1]");
        return DefaultServerTransportSecurityValidator.builder()
                .allowedHosts(hosts.stream().flatMap(host -> Stream.of(host, host + ":*")).toList())
                .allowedOrigins(hosts.stream().map(host -> "http://" + host + ":*").toList())
                .build();
    }

    // --- tools -------------------------------------------------------------------------------------------------

    private static List<SyncToolSpecification> tools() {
        return List.of(
                tool("test_simple_text", "Answers a fixed text.", NO_ARGUMENTS,
                        (exchange, call) -> text("This is a simple text response for testing.")),
                tool("test_image_content", "Answers a 1x1 red PNG.", NO_ARGUMENTS,
                        (exchange, call) -> result(new ImageContent(null, PNG_BASE64, "image/png"))),
                tool("test_audio_content", "Answers a short silent WAV.", NO_ARGUMENTS,
                        (exchange, call) -> result(new AudioContent(null, WAV_BASE64, "audio/wav"))),
                tool("test_embedded_resource", "Answers an embedded text resource.", NO_ARGUMENTS,
                        (exchange, call) -> result(new EmbeddedResource(null, new TextResourceContents(
                                "test://embedded-resource", "text/plain", "This is an embedded resource content.")))),
                tool("test_multiple_content_types", "Answers text, an image and an embedded resource.", NO_ARGUMENTS,
                        (exchange, call) -> result(new TextContent("Multiple content types test:"),
                                new ImageContent(null, PNG_BASE64, "image/png"),
                                new EmbeddedResource(null, new TextResourceContents("test://mixed-content-resource",
                                        "application/json", "{\"test\":\"data\",\"value\":123}")))),
                tool("test_tool_with_logging", "Sends three info log messages while it runs.", NO_ARGUMENTS,
                        ConformanceFixtureServer::logWhileRunning),
                tool("test_error_handling", "Always fails, as a tool error (isError), not a protocol error.",
                        NO_ARGUMENTS, (exchange, call) -> CallToolResult.builder().isError(true)
                                .addTextContent("This tool intentionally returns an error for testing").build()),
                tool("test_tool_with_progress", "Reports progress 0, 50 and 100 of 100 when given a progress token.",
                        NO_ARGUMENTS, ConformanceFixtureServer::reportProgress),
                tool("test_sampling", "Asks the client's LLM to answer the prompt (sampling/createMessage).", """
                        {"type":"object","properties":{"prompt":{"type":"string","description":"what to ask the LLM"}},
                         "required":["prompt"]}""", ConformanceFixtureServer::sample),
                tool("test_elicitation", "Asks the user for a name and an email (elicitation/create).", """
                        {"type":"object","properties":{"message":{"type":"string","description":"what to tell the user"}},
                         "required":["message"]}""", (exchange, call) -> elicit(exchange,
                        (String) call.arguments().get("message"), """
                        {"type":"object","properties":{
                          "username":{"type":"string","description":"User's response"},
                          "email":{"type":"string","description":"User's email address"}},
                         "required":["username","email"]}""")),
                // SEP-1613: the 2020-12 keywords a server (or a gateway) must list unchanged
                tool("json_schema_2020_12_tool", "Takes arguments described with JSON Schema 2020-12 keywords.", """
                        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
                         "$defs":{"address":{"type":"object",
                           "properties":{"street":{"type":"string"},"city":{"type":"string"}}}},
                         "properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"}},
                         "additionalProperties":false}""", (exchange, call) -> text("Received " + json(call.arguments()))),
                // SEP-1034: a default for every primitive type an elicitation form may hold
                tool("test_elicitation_sep1034_defaults", "Elicits a form whose fields all have defaults.", NO_ARGUMENTS,
                        (exchange, call) -> elicit(exchange, "Please review your details; the defaults are filled in", """
                        {"type":"object","properties":{
                          "name":{"type":"string","description":"User name","default":"John Doe"},
                          "age":{"type":"integer","description":"User age","default":30},
                          "score":{"type":"number","description":"User score","default":95.5},
                          "status":{"type":"string","description":"User status",
                                    "enum":["active","inactive","pending"],"default":"active"},
                          "verified":{"type":"boolean","description":"Verification status","default":true}}}""")),
                // SEP-1330: the five ways a form may offer choices
                tool("test_elicitation_sep1330_enums", "Elicits a form with every kind of enumerated field.",
                        NO_ARGUMENTS, (exchange, call) -> elicit(exchange, "Please pick your options", """
                        {"type":"object","properties":{
                          "untitledSingle":{"type":"string","enum":["option1","option2","option3"]},
                          "titledSingle":{"type":"string","oneOf":[{"const":"value1","title":"First Option"},
                            {"const":"value2","title":"Second Option"},{"const":"value3","title":"Third Option"}]},
                          "legacyEnum":{"type":"string","enum":["opt1","opt2","opt3"],
                            "enumNames":["Option One","Option Two","Option Three"]},
                          "untitledMulti":{"type":"array","items":{"type":"string","enum":["option1","option2","option3"]}},
                          "titledMulti":{"type":"array","items":{"anyOf":[{"const":"value1","title":"First Choice"},
                            {"const":"value2","title":"Second Choice"},{"const":"value3","title":"Third Choice"}]}}}}""")));
    }

    private static CallToolResult logWhileRunning(McpSyncServerExchange exchange, CallToolRequest call) {
        for (String message : List.of("Tool execution started", "Tool processing data", "Tool execution completed")) {
            if (!message.endsWith("started")) {
                pause();
            }
            exchange.loggingNotification(LoggingMessageNotification.builder().level(LoggingLevel.INFO)
                    .logger("test_tool_with_logging").data(message).build());
        }
        return text("Logged three messages while running.");
    }

    private static CallToolResult reportProgress(McpSyncServerExchange exchange, CallToolRequest call) {
        Object token = call.meta() == null ? null : call.meta().get("progressToken");
        for (int progress = 0; progress <= 100; progress += 50) {
            if (progress > 0) {
                pause();
            }
            if (token != null) {
                exchange.progressNotification(new ProgressNotification(token, progress, 100.0, progress + " of 100"));
            }
        }
        return text("Done, with progress reported" + (token == null ? " to nobody (no progress token)." : "."));
    }

    /** The SDK refuses to send the request, and the call fails, when the client did not declare sampling. */
    private static CallToolResult sample(McpSyncServerExchange exchange, CallToolRequest call) {
        String prompt = (String) call.arguments().get("prompt");
        CreateMessageResult answer = exchange.createMessage(CreateMessageRequest.builder()
                .messages(List.of(new SamplingMessage(Role.USER, new TextContent(prompt)))).maxTokens(100).build());
        String answered = answer.content() instanceof TextContent text ? text.text() : String.valueOf(answer.content());
        return text("LLM response: " + answered);
    }

    /** As with sampling, the SDK fails the call when the client did not declare elicitation. */
    private static CallToolResult elicit(McpSyncServerExchange exchange, String message, String requestedSchema) {
        ElicitResult answer = exchange.createElicitation(ElicitRequest.builder().message(message)
                .requestedSchema(parse(requestedSchema)).build());
        return text("Elicitation completed: action=" + answer.action().name().toLowerCase() + ", content="
                + json(answer.content()));
    }

    private static SyncToolSpecification tool(String name, String description, String inputSchema,
                                              BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name(name).description(description).inputSchema(JSON, inputSchema).build())
                .callHandler(handler).build();
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).build();
    }

    private static CallToolResult result(Content... content) {
        return CallToolResult.builder().content(List.of(content)).build();
    }

    // --- resources ---------------------------------------------------------------------------------------------

    private static List<SyncResourceSpecification> resources() {
        return List.of(
                textResource("test://static-text", "static-text", "A fixed text.",
                        "This is the content of the static text resource."),
                new SyncResourceSpecification(resource("test://static-binary", "static-binary", "A 1x1 red PNG.",
                        "image/png"), (exchange, read) -> new ReadResourceResult(List.of(
                        new BlobResourceContents(read.uri(), "image/png", PNG_BASE64)))),
                // the SDK keeps the subscriptions (the capability says subscribe: true); nothing here ever changes it
                textResource("test://watched-resource", "watched-resource", "A text clients may subscribe to.",
                        "This resource is watched for updates."));
    }

    private static SyncResourceSpecification textResource(String uri, String name, String description, String text) {
        return new SyncResourceSpecification(resource(uri, name, description, "text/plain"),
                (exchange, read) -> new ReadResourceResult(List.of(new TextResourceContents(uri, "text/plain", text))));
    }

    private static Resource resource(String uri, String name, String description, String mimeType) {
        return Resource.builder().uri(uri).name(name).description(description).mimeType(mimeType).build();
    }

    /** {@code test://template/123/data} answers a JSON text naming {@code 123}: the substitution is visible. */
    private static SyncResourceTemplateSpecification templatedResource() {
        ResourceTemplate template = ResourceTemplate.builder().uriTemplate(TEMPLATE).name("template-data")
                .description("JSON data for any id.").mimeType("application/json").build();
        DefaultMcpUriTemplateManager variables = new DefaultMcpUriTemplateManager(TEMPLATE);
        return new SyncResourceTemplateSpecification(template, (exchange, read) -> {
            String id = variables.extractVariableValues(read.uri()).get("id");
            String json = json(Map.of("id", id, "templateTest", true, "data", "Data for ID: " + id));
            return new ReadResourceResult(List.of(new TextResourceContents(read.uri(), "application/json", json)));
        });
    }

    // --- prompts and completion --------------------------------------------------------------------------------

    private static List<SyncPromptSpecification> prompts() {
        return List.of(
                new SyncPromptSpecification(new Prompt("test_simple_prompt", "A prompt without arguments.", List.of()),
                        (exchange, get) -> messages(new TextContent("This is a simple prompt for testing."))),
                new SyncPromptSpecification(new Prompt("test_prompt_with_arguments", "A prompt naming its arguments.",
                        List.of(new PromptArgument("arg1", "First test argument", true),
                                new PromptArgument("arg2", "Second test argument", true))),
                        (exchange, get) -> messages(new TextContent("Prompt with arguments: arg1='"
                                + get.arguments().get("arg1") + "', arg2='" + get.arguments().get("arg2") + "'"))),
                new SyncPromptSpecification(new Prompt("test_prompt_with_embedded_resource",
                        "A prompt embedding the resource it is given.",
                        List.of(new PromptArgument("resourceUri", "URI of the resource to embed", true))),
                        (exchange, get) -> messages(new EmbeddedResource(null, new TextResourceContents(
                                        (String) get.arguments().get("resourceUri"), "text/plain",
                                        "Embedded resource content for testing.")),
                                new TextContent("Please process the embedded resource above."))),
                new SyncPromptSpecification(new Prompt("test_prompt_with_image", "A prompt holding an image.",
                        List.of()), (exchange, get) -> messages(new ImageContent(null, PNG_BASE64, "image/png"),
                        new TextContent("Please analyze the image above."))));
    }

    private static GetPromptResult messages(Content... contents) {
        return new GetPromptResult(null, Arrays.stream(contents)
                .map(content -> new PromptMessage(Role.USER, content)).toList());
    }

    /** Suggestions for {@code arg1} of {@code test_prompt_with_arguments}, by prefix of what was typed. */
    private static SyncCompletionSpecification argumentCompletion() {
        List<String> suggestions = List.of("paris", "park", "party");
        return new SyncCompletionSpecification(new PromptReference("test_prompt_with_arguments"), (exchange, complete) -> {
            List<String> values = suggestions.stream().filter(value -> value.startsWith(complete.argument().value()))
                    .toList();
            return new CompleteResult(new CompleteCompletion(values, values.size(), false));
        });
    }

    // --- media -------------------------------------------------------------------------------------------------

    /** Made here rather than pasted as base64, so it is known to be a valid PNG. */
    private static byte[] redPixelPng() {
        BufferedImage pixel = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        pixel.setRGB(0, 0, 0xFF0000);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(pixel, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    /** A tenth of a second of 8 kHz 8-bit mono silence, as a valid WAV file. */
    private static byte[] silentWav() {
        AudioFormat format = new AudioFormat(8000, 8, 1, false, false);
        byte[] samples = new byte[800];
        Arrays.fill(samples, (byte) 0x80);
        ByteArrayOutputStream wav = new ByteArrayOutputStream();
        try (AudioInputStream audio = new AudioInputStream(new ByteArrayInputStream(samples), format, samples.length)) {
            AudioSystem.write(audio, AudioFileFormat.Type.WAVE, wav);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return wav.toByteArray();
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeRef<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static void pause() {
        try {
            Thread.sleep(STEP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

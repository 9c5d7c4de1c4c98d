package io.mcpgateway.upstream.jsonrpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRpcReplyReaderTest {

    private final JsonRpcReplyReader reader = new JsonRpcReplyReader(
            new JsonRpcReplyReader.Limits(64 * 1024, 16 * 1024, 32 * 1024, 3, 2));
    private final List<JsonNode> serverRequests = new ArrayList<>();

    private JsonRpcReply read(String contentType, String body, JsonNode id) throws IOException {
        return read(contentType, body, id, null);
    }

    private JsonRpcReply read(String contentType, String body, JsonNode id, String lastEventId) throws IOException {
        return reader.read(contentType, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), id, lastEventId,
                System.nanoTime() + 10_000_000_000L, serverRequests::add);
    }

    @Test
    void readsAPlainJsonResponse() throws IOException {
        JsonRpcReply reply = read("application/json; charset=utf-8",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}", IntNode.valueOf(1));

        assertThat(reply.complete()).isTrue();
        assertThat(reply.response().at("/result/tools").isArray()).isTrue();
        assertThat(reply.notifications()).isEmpty();
    }

    @Test
    void picksTheMatchingResponseFromAStreamAndKeepsNotifications() throws IOException {
        String stream = """
                id: e1
                data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1,"total":2}}

                : keep-alive

                id: e2
                data: {"jsonrpc":"2.0","id":"other","result":{}}

                id: e3
                data: {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"half way"}}

                id: e4
                data: {"jsonrpc":"2.0","id":"req-7","result":{"content":[{"type":"text","text":"done"}]}}

                data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":2}}

                """;

        JsonRpcReply reply = read("text/event-stream", stream, TextNode.valueOf("req-7"));

        assertThat(reply.response().at("/result/content/0/text").asText()).isEqualTo("done");
        assertThat(reply.notifications()).extracting(n -> n.get("method").asText())
                .containsExactly("notifications/progress", "notifications/message");
        assertThat(reply.lastEventId()).isEqualTo("e4");
    }

    @Test
    void idsMustMatchInTypeAsWellAsValue() throws IOException {
        JsonRpcReply reply = read("text/event-stream",
                "data: {\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":{}}\n\n", IntNode.valueOf(1));

        assertThat(reply.complete()).isFalse();
    }

    @Test
    void handsServerRequestsToTheCallerSoTheyCanBeAnswered() throws IOException {
        String stream = "data: {\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"sampling/createMessage\",\"params\":{}}\n\n"
                + "data: {\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"bad\"}}\n\n";

        JsonRpcReply reply = read("text/event-stream", stream, IntNode.valueOf(1));

        assertThat(serverRequests).singleElement().satisfies(r -> assertThat(r.get("method").asText())
                .isEqualTo("sampling/createMessage"));
        assertThat(reply.isError()).isTrue();
        assertThat(reply.notifications()).isEmpty();
    }

    @Test
    void aStreamThatEndsFirstReportsWhereToResume() throws IOException {
        String stream = "id: prime\nretry: 250\ndata:\n\n"
                + "id: e1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n";

        JsonRpcReply reply = read("text/event-stream", stream, IntNode.valueOf(5));

        assertThat(reply.complete()).isFalse();
        assertThat(reply.lastEventId()).isEqualTo("e1");
        assertThat(reply.retryMillis()).isEqualTo(250L);
        assertThat(reply.notifications()).hasSize(1);
    }

    @Test
    void notificationsKeptAreBounded() throws IOException {
        String note = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n";
        JsonRpcReply reply = read("text/event-stream", note.repeat(50)
                + "data: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n", IntNode.valueOf(1));

        assertThat(reply.notifications()).hasSize(3);
        assertThat(reply.complete()).isTrue();
    }

    @Test
    void numericIdsMatchByValueAndStringsOnlyAsText() throws IOException {
        assertThat(read("application/json", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
                com.fasterxml.jackson.databind.node.LongNode.valueOf(1)).complete()).isTrue();
        assertThat(read("text/event-stream", "data: {\"jsonrpc\":\"2.0\",\"id\":1.0,\"result\":{}}\n\n",
                IntNode.valueOf(1)).complete()).isTrue();
        assertThat(read("text/event-stream", "data: {\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":{}}\n\n",
                IntNode.valueOf(1)).complete()).isFalse();
    }

    @Test
    void anErrorWithoutIdAnswersTheRequest() throws IOException {
        JsonRpcReply reply = read("application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}",
                IntNode.valueOf(4));

        assertThat(reply.isError()).isTrue();
    }

    @Test
    void aResumedStreamStartsFromTheGivenEventIdAndRetryIsCapped() throws IOException {
        JsonRpcReply reply = read("text/event-stream", "retry: 999999999\ndata:\n\n", IntNode.valueOf(1), "e41");

        assertThat(reply.lastEventId()).isEqualTo("e41");
        assertThat(reply.retryMillis()).isEqualTo(JsonRpcReplyReader.MAX_RETRY_MILLIS);
    }

    @Test
    void repliesAreBoundedInSizeAndServerRequests() {
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"x\":\"" + "y".repeat(70_000) + "\"}}";
        assertThatThrownBy(() -> read("application/json", big, IntNode.valueOf(1)))
                .isInstanceOf(JsonRpcReplyReader.MalformedReplyException.class);

        String ask = "data: {\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"roots/list\"}\n\n";
        assertThatThrownBy(() -> read("text/event-stream", ask.repeat(3), IntNode.valueOf(1)))
                .hasMessageContaining("too many requests");
    }

    @Test
    void aStreamPastItsDeadlineIsAbandoned() {
        String progress = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n";
        assertThatThrownBy(() -> reader.read("text/event-stream",
                new ByteArrayInputStream(progress.repeat(5).getBytes(StandardCharsets.UTF_8)), IntNode.valueOf(1), null,
                System.nanoTime() - 1, serverRequests::add))
                .isInstanceOf(JsonRpcReplyReader.ReplyTimeoutException.class);
    }

    @Test
    void malformedAnswersAreRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> read("text/html", "<html>secret</html>", IntNode.valueOf(1)))
                .isInstanceOf(JsonRpcReplyReader.MalformedReplyException.class).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> read("application/json", "{not json secret", IntNode.valueOf(1)))
                .isInstanceOf(JsonRpcReplyReader.MalformedReplyException.class).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> read("text/event-stream", "data: [1,2]\n\n", IntNode.valueOf(1)))
                .isInstanceOf(JsonRpcReplyReader.MalformedReplyException.class);
        assertThatThrownBy(() -> read("application/json", "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}", IntNode.valueOf(1)))
                .isInstanceOf(JsonRpcReplyReader.MalformedReplyException.class);
    }
}

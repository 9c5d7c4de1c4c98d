package io.mcpgateway.upstream.jsonrpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseReaderTest {

    private static List<SseEvent> events(String stream) throws IOException {
        SseReader reader = new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), 1024, 4096);
        List<SseEvent> events = new ArrayList<>();
        Optional<SseEvent> next;
        while ((next = reader.next()).isPresent()) {
            events.add(next.get());
        }
        return events;
    }

    @Test
    void joinsMultiLineDataAndReadsFields() throws IOException {
        assertThat(events("event: message\nid: 7\nretry: 1500\ndata: {\"a\":\ndata:  1}\n\n"))
                .containsExactly(new SseEvent("7", "message", "{\"a\":\n 1}", 1500L));
    }

    @Test
    void acceptsEveryLineEnding() throws IOException {
        assertThat(events("data: a\r\n\r\ndata: b\r\rdata: c\n\n")).extracting(SseEvent::data).containsExactly("a", "b", "c");
    }

    @Test
    void skipsCommentsAndKeepAlives() throws IOException {
        assertThat(events(": keep-alive\n\n:\ndata: x\n: inside\n\n")).extracting(SseEvent::data).containsExactly("x");
    }

    @Test
    void keepsAPrimingEventThatCarriesOnlyAnId() throws IOException {
        assertThat(events("id: prime-1\ndata:\n\n")).containsExactly(new SseEvent("prime-1", null, "", null));
        assertThat(events("id: prime-2\n\n")).containsExactly(new SseEvent("prime-2", null, "", null));
    }

    @Test
    void discardsAnEventCutOffByTheEndOfTheStream() throws IOException {
        assertThat(events("data: complete\n\ndata: cut")).extracting(SseEvent::data).containsExactly("complete");
        assertThat(events("data: no blank line\n")).isEmpty();
    }

    @Test
    void ignoresInvalidRetryAndIdsWithNul() throws IOException {
        assertThat(events("id: a\0b\nretry: soon\ndata: x\n\n")).containsExactly(new SseEvent(null, null, "x", null));
    }

    @Test
    void skipsAnInitialByteOrderMark() throws IOException {
        assertThat(events("\uFEFFdata: first\n\n")).extracting(SseEvent::data).containsExactly("first");
    }

    @Test
    void anUndispatchedBlockLeavesNoEventTypeBehind() throws IOException {
        assertThat(events("event: stale\n\ndata: x\n\n")).containsExactly(new SseEvent(null, null, "x", null));
    }

    @Test
    void refusesOverlongEvents() {
        String manyLines = "data: " + "x".repeat(1_000) + "\n";
        assertThatThrownBy(() -> events(manyLines.repeat(5) + "\n")).isInstanceOf(IOException.class);
    }

    @Test
    void aBareCarriageReturnEndsTheEventWithoutWaitingForMore() throws Exception {
        java.io.PipedOutputStream server = new java.io.PipedOutputStream();
        java.io.PipedInputStream client = new java.io.PipedInputStream(server);
        server.write("data: {\"id\":1}\r\r".getBytes(StandardCharsets.UTF_8));
        server.flush(); // ... and the server now waits for an answer, writing nothing more

        java.util.concurrent.CompletableFuture<Optional<SseEvent>> next =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return new SseReader(client, 1024, 4096).next();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });

        assertThat(next.get(5, java.util.concurrent.TimeUnit.SECONDS)).get().extracting(SseEvent::data)
                .isEqualTo("{\"id\":1}");
        server.close();
    }

    @Test
    void refusesOverlongLines() {
        String hostile = "data: " + "x".repeat(2_000) + "\n\n";
        assertThatThrownBy(() -> events(hostile)).isInstanceOf(IOException.class);
    }
}

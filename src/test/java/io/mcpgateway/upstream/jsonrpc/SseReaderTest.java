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
        SseReader reader = new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), 1024);
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
    void refusesOverlongLines() {
        String hostile = "data: " + "x".repeat(2_000) + "\n\n";
        assertThatThrownBy(() -> events(hostile)).isInstanceOf(IOException.class);
    }
}

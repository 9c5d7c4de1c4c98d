package io.mcpgateway.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.mcpgateway.security.InitRequest;
import io.mcpgateway.security.TokenTimes;
import io.mcpgateway.upstream.UpstreamSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sealed form of a session record: every field back as it was, in both formats. */
class SessionRecordCodecTest {

    private static final InitRequest REQUEST = InitRequest.of("s1", "https://api.example.com", "a.b.c");

    private static SessionRecord record(Map<String, UpstreamSession> upstreams) {
        return SessionRecord.of(REQUEST, "alice", "10.0.0.1", new TokenTimes(1L, 2L), upstreams);
    }

    @Test
    void aSessionWithSeveralUpstreamsComesBackWithEachOfThem() {
        SessionRecord record = record(Map.of("tickets", new UpstreamSession("t-1", "2025-06-18"),
                "weather", new UpstreamSession(null, "2026-07-28")));
        byte[] sealed = SessionRecordCodec.encode(record);
        assertThat(new String(sealed, StandardCharsets.UTF_8)).contains("\"v\":2");
        assertThat(SessionRecordCodec.decode(sealed)).isEqualTo(record);
    }

    @Test
    void aSessionOfTheDefaultUpstreamAloneKeepsTheFormatEarlierGatewaysRead() {
        SessionRecord record = record(Map.of("default", new UpstreamSession("u-1", "2025-03-26")));
        String sealed = new String(SessionRecordCodec.encode(record), StandardCharsets.UTF_8);
        assertThat(sealed).contains("\"v\":1").contains("\"upstream\":{\"sessionId\":\"u-1\"")
                .doesNotContain("upstreams");
        assertThat(SessionRecordCodec.decode(sealed.getBytes(StandardCharsets.UTF_8))).isEqualTo(record);
        assertThat(SessionRecordCodec.decode(SessionRecordCodec.encode(record(Map.of())))).isEqualTo(record(Map.of()));
    }

    @Test
    void aRecordAnEarlierGatewayWroteIsRead() {
        String digest = Base64.getEncoder().encodeToString(REQUEST.tokenDigest());
        String written = "{\"v\":1,\"id\":\"s1\",\"apiUrl\":\"https://api.example.com\",\"tokenDigest\":\"" + digest
                + "\",\"token\":\"a.b.c\",\"principal\":\"alice\",\"client\":\"10.0.0.1\",\"nbf\":1,\"exp\":2,"
                + "\"upstream\":{\"sessionId\":\"u-1\",\"protocolVersion\":\"2025-03-26\"}}";
        assertThat(SessionRecordCodec.decode(written.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(record(Map.of("default", new UpstreamSession("u-1", "2025-03-26"))));
    }
}

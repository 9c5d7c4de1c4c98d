package io.mcpgateway.session;

import java.util.Map;

import io.mcpgateway.security.InitRequest;
import io.mcpgateway.security.TokenTimes;
import io.mcpgateway.testing.TestTokens;
import io.mcpgateway.upstream.UpstreamSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionRecordTest {

    private static final String TOKEN = TestTokens.jwt("alice");
    private static final InitRequest REQUEST = InitRequest.of("s", "https://api.example.com", TOKEN);

    @Test
    void recordsOfTheSameValuesAreEqual() {
        SessionRecord one = SessionRecord.of(REQUEST, "alice", "10.0.0.1", TokenTimes.NONE,
                Map.of("default", new UpstreamSession("u-1", "2025-03-26")));
        SessionRecord two = SessionRecord.of(InitRequest.of("s", "https://api.example.com", TOKEN), "alice",
                "10.0.0.1", null, Map.of("default", new UpstreamSession("u-1", "2025-03-26")));

        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one).isNotEqualTo(SessionRecord.of(REQUEST, "alice", "10.0.0.2", TokenTimes.NONE,
                Map.of("default", new UpstreamSession("u-1", "2025-03-26"))));
    }

    @Test
    void itsTokenDigestCannotBeChangedFromOutside() {
        byte[] digest = REQUEST.tokenDigest().clone();
        SessionRecord record = new SessionRecord("s", "https://api.example.com", digest, TOKEN, "alice", "10.0.0.1",
                TokenTimes.NONE, null);
        digest[0] ^= 1;
        record.tokenDigest()[1] ^= 1;

        assertThat(record.presentedBy(REQUEST)).isTrue();
    }

    @Test
    void itNeverPrintsItsToken() {
        assertThat(SessionRecord.of(REQUEST, "alice", "10.0.0.1", TokenTimes.NONE, null).toString())
                .doesNotContain(TOKEN).contains("s");
    }
}

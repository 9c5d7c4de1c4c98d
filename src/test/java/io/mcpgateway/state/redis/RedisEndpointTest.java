package io.mcpgateway.state.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RedisEndpointTest {

    @Test
    void aFullUrlGivesEveryPart() {
        assertThat(RedisEndpoint.parse("rediss://gateway:s3cr%40t%3Ax@redis.internal:6380/2"))
                .contains(new RedisEndpoint("redis.internal", 6380, 2, "gateway", "s3cr@t:x", true));
    }

    @Test
    void portDatabaseAndCredentialsHaveTheirDefaults() {
        assertThat(RedisEndpoint.parse("redis://127.0.0.1")).contains(new RedisEndpoint("127.0.0.1", 6379, 0, null, null, false));
        assertThat(RedisEndpoint.parse("redis://:pw@[::1]:7000/"))
                .contains(new RedisEndpoint("::1", 7000, 0, null, "pw", false));
        assertThat(RedisEndpoint.parse("redis://only-a-password@host")).map(RedisEndpoint::password).contains("only-a-password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://redis:6379", "redis:6379", "redis://", "redis://host:6379/db", "redis://host/1?x=y",
        "redis://host#f", "redis://host:99999", "redis://h/1/2", "redis://:%zz@host", "redis://host:6379/123456"})
    void anythingElseIsNoEndpoint(String url) {
        assertThat(RedisEndpoint.parse(url)).isEmpty();
    }

    @Test
    void thePasswordIsNeverShown() {
        RedisEndpoint endpoint = RedisEndpoint.parse("rediss://gateway:hunter2-secret@redis.internal:6380/2").orElseThrow();
        assertThat(endpoint.toString()).isEqualTo("rediss://***@redis.internal:6380/2");
        assertThat(RedisEndpoint.masked("rediss://gateway:hunter2-secret@redis.internal:6380/2"))
                .isEqualTo("rediss://***@redis.internal:6380/2");
        assertThat(RedisEndpoint.masked("REDIS://:hunter2-secret@x")).doesNotContain("hunter2");
        assertThat(RedisEndpoint.masked("redis://redis.internal:6379")).isEqualTo("redis://redis.internal:6379");
    }
}

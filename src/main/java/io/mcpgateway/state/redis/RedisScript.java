package io.mcpgateway.state.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script of the gateway, kept as a resource ({@code /state/redis/<name>.lua}) and run by its SHA-1 digest
 * ({@code EVALSHA}), which is computed here exactly as Redis computes it, so it can be run even when Redis was not
 * reachable to load it at start-up ({@link RedisState#run} loads it on {@code NOSCRIPT}).
 */
public record RedisScript(String name, String source, String sha1) {

    public static RedisScript resource(String name) {
        try (InputStream in = RedisScript.class.getResourceAsStream("/state/redis/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("no script resource " + name);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new RedisScript(name, source, HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "RedisScript[" + name + "]";
    }
}

package io.mcpgateway.upstream.signing;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.bouncycastle.util.encoders.DecoderException;
import org.bouncycastle.util.encoders.Hex;

/**
 * Verifies a signed request, for MCP servers written in Java and for the gateway's own tests. Same canonical string
 * and MAC as {@link RequestSigner}; rejects stale timestamps and replayed nonces within the replay window.
 */
public class SignatureVerifier {

    /** {@code REPLAY_CACHE_FULL}: more signed requests in the window than nonces can be remembered; refused. */
    public enum Verdict { VALID, MISSING, MALFORMED, STALE, CONTENT_MISMATCH, BAD_SIGNATURE, REPLAYED, REPLAY_CACHE_FULL }

    public static final Duration REPLAY_WINDOW = Duration.ofSeconds(300);

    private static final Pattern SIGNATURE = Pattern.compile("^v1=[0-9a-f]{64}$");
    private static final Pattern NONCE = Pattern.compile("^[A-Za-z0-9_-]{22,128}$");
    private static final Pattern TIMESTAMP = Pattern.compile("^[0-9]{1,12}$");

    private final byte[] secret;
    private final Clock clock;
    private final long maxRememberedNonces;
    /** Seen nonces, each kept until its timestamp leaves the window (value: that moment, epoch seconds). */
    private final Cache<String, Long> seenNonces;

    /**
     * @param maxRememberedNonces signed requests accepted per 10 minutes at most; past it requests are refused
     *                            rather than forgotten, since a forgotten nonce could be replayed
     */
    public SignatureVerifier(byte[] secret, Clock clock, long maxRememberedNonces) {
        this.secret = RequestSignature.requireSecret(secret);
        this.clock = clock;
        this.maxRememberedNonces = maxRememberedNonces;
        this.seenNonces = Caffeine.newBuilder()
                .ticker(() -> clock.millis() * 1_000_000)
                .expireAfter(Expiry.<String, Long>creating((nonce, forgetAt) ->
                        Duration.ofSeconds(Math.max(0, forgetAt - clock.instant().getEpochSecond()))))
                .build();
    }

    public SignatureVerifier(byte[] secret) {
        this(secret, Clock.systemUTC(), 1_000_000);
    }

    /** @param header a request header by name (any case), or null when absent */
    public Verdict verify(String method, String pathAndQuery, byte[] body, Function<String, String> header) {
        String timestamp = header.apply(RequestSignature.TIMESTAMP);
        String nonce = header.apply(RequestSignature.NONCE);
        String contentHash = header.apply(RequestSignature.CONTENT_SHA256);
        String signedHeaders = header.apply(RequestSignature.SIGNED_HEADERS);
        String signature = header.apply(RequestSignature.SIGNATURE);
        if (timestamp == null || nonce == null || contentHash == null || signedHeaders == null || signature == null) {
            return Verdict.MISSING;
        }
        if (!TIMESTAMP.matcher(timestamp).matches() || !NONCE.matcher(nonce).matches()
                || !SIGNATURE.matcher(signature).matches()) {
            return Verdict.MALFORMED;
        }
        long age = clock.instant().getEpochSecond() - Long.parseLong(timestamp);
        if (Math.abs(age) > REPLAY_WINDOW.toSeconds()) {
            return Verdict.STALE;
        }
        if (!RequestSignature.sha256Hex(body).equals(contentHash)) {
            return Verdict.CONTENT_MISMATCH;
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String name : signedHeaders.isEmpty() ? new String[0] : signedHeaders.split(";", -1)) {
            String value = header.apply(name);
            if (!RequestSignature.OPTIONAL_SIGNED_HEADERS.contains(name) || names.contains(name) || value == null) {
                return Verdict.MALFORMED;
            }
            names.add(name);
            values.add(value);
        }
        for (String optional : RequestSignature.OPTIONAL_SIGNED_HEADERS) {
            if (!names.contains(optional) && header.apply(optional) != null) {
                return Verdict.MALFORMED; // present but unsigned: it could have been added on the way
            }
        }
        String canonical = RequestSignature.canonical(timestamp, nonce, method.toUpperCase(Locale.ROOT), pathAndQuery,
                contentHash, names, values);
        byte[] presented;
        try {
            presented = Hex.decode(signature.substring(3));
        } catch (DecoderException e) {
            return Verdict.MALFORMED;
        }
        if (!MessageDigest.isEqual(RequestSignature.hmac(secret, canonical), presented)) {
            return Verdict.BAD_SIGNATURE;
        }
        // only authentic requests may claim a nonce, so forged traffic cannot fill the cache
        if (seenNonces.getIfPresent(nonce) != null) {
            return Verdict.REPLAYED;
        }
        if (seenNonces.estimatedSize() >= maxRememberedNonces) {
            seenNonces.cleanUp();
            if (seenNonces.estimatedSize() >= maxRememberedNonces) {
                return Verdict.REPLAY_CACHE_FULL;
            }
        }
        long forgetAt = Long.parseLong(timestamp) + REPLAY_WINDOW.toSeconds() + 1;
        return seenNonces.asMap().putIfAbsent(nonce, forgetAt) == null ? Verdict.VALID : Verdict.REPLAYED;
    }
}

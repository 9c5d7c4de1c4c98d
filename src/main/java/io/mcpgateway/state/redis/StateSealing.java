package io.mcpgateway.state.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What keeps the callers' values out of Redis in clear, from {@code GATEWAY_STATE_KEY} (and, during a rotation,
 * {@code GATEWAY_STATE_KEY_PREVIOUS}).
 *
 * <ul>
 *   <li>{@link #seal}/{@link #open}: AES-256-GCM with a random 96-bit IV per write and {@code v1|<redis key>} as
 *   associated data, so a value copied under another key does not open. A blob is {@code 0x01 | IV | ciphertext+tag}.
 *   It opens under the current key, else the previous one; one that opens under neither (tampered, moved, or sealed
 *   under a key no longer configured) is absent, never an error that could carry its content.</li>
 *   <li>{@link #name}: a keyed HMAC-SHA256 of a value (a session id, a client address, a principal, a token digest),
 *   base64url without padding, for the keys and digests Redis holds; {@link #previousName} is the same under the
 *   previous key, for lookups while a rotation is under way.</li>
 * </ul>
 *
 * <p>The configured key is never used as it is: a sealing key and a naming key are derived from it with HMAC-SHA256
 * under distinct labels (HKDF-Expand, RFC 5869, one block; the configured key is uniformly random already, so it
 * serves as the pseudorandom key), so that no name can help against the seal or the other way round.
 */
public final class StateSealing {

    /** {@code GATEWAY_STATE_KEY} is base64 of exactly this many random bytes. */
    public static final int KEY_BYTES = 32;

    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] SEAL_LABEL = "mcp-gateway state v1 seal".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NAME_LABEL = "mcp-gateway state v1 name".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder NAMES = Base64.getUrlEncoder().withoutPadding();

    private final Keys current;
    private final Keys previous;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong unopenable = new AtomicLong();
    private final ThrottledWarning unopenableWarning = new ThrottledWarning(StateSealing.class);

    /** @param previousKey the key before a rotation, for opening and naming only; null when there is none */
    public StateSealing(byte[] key, byte[] previousKey) {
        this.current = new Keys(key);
        this.previous = previousKey == null ? null : new Keys(previousKey);
    }

    /** The value sealed for the given Redis key, under the current key. */
    public byte[] seal(String redisKey, byte[] plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.seal, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(redisKey));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + IV_BYTES + sealed.length).put(VERSION).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The plaintext of a blob read from the given Redis key, or empty when it opens under neither key (counted, and
     * logged at most once a minute without any of its content).
     */
    public Optional<byte[]> open(String redisKey, byte[] blob) {
        if (blob != null && blob.length >= 1 + IV_BYTES + TAG_BITS / 8 && blob[0] == VERSION) {
            byte[] aad = associatedData(redisKey);
            Optional<byte[]> opened = open(current, aad, blob);
            if (opened.isEmpty() && previous != null) {
                opened = open(previous, aad, blob);
            }
            if (opened.isPresent()) {
                return opened;
            }
        }
        long count = unopenable.incrementAndGet();
        unopenableWarning.warn("[GATEWAY] A sealed value in the shared state did not open under GATEWAY_STATE_KEY or"
                + " GATEWAY_STATE_KEY_PREVIOUS and was treated as absent ({} so far)", count);
        return Optional.empty();
    }

    /** How many blobs did not open since start. */
    public long unopenableCount() {
        return unopenable.get();
    }

    /**
     * The keyed name of a value for one purpose ({@code "session"}, {@code "client"}...): equal values of different
     * purposes get different names, and nobody without the key can tell which value a name stands for.
     */
    public String name(String purpose, String value) {
        return current.name(purpose, value);
    }

    /** The name the same value had under the previous key, while one is configured. */
    public Optional<String> previousName(String purpose, String value) {
        return previous == null ? Optional.empty() : Optional.of(previous.name(purpose, value));
    }

    private static Optional<byte[]> open(Keys keys, byte[] aad, byte[] blob) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, keys.seal, new GCMParameterSpec(TAG_BITS, blob, 1, IV_BYTES));
            cipher.updateAAD(aad);
            return Optional.of(cipher.doFinal(blob, 1 + IV_BYTES, blob.length - 1 - IV_BYTES));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] associatedData(String redisKey) {
        return ("v1|" + redisKey).getBytes(StandardCharsets.UTF_8);
    }

    /** The two keys derived from one configured key. */
    private static final class Keys {
        private final SecretKeySpec seal;
        private final SecretKeySpec naming;

        Keys(byte[] configured) {
            if (configured == null || configured.length != KEY_BYTES) {
                throw new IllegalArgumentException("a state key is " + KEY_BYTES + " bytes");
            }
            SecretKeySpec master = new SecretKeySpec(configured, "HmacSHA256");
            this.seal = new SecretKeySpec(expand(master, SEAL_LABEL), "AES");
            this.naming = new SecretKeySpec(expand(master, NAME_LABEL), "HmacSHA256");
        }

        String name(String purpose, String value) {
            Mac mac = hmac(naming);
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0); // a purpose never contains NUL: "a"+"bc" and "ab"+"c" stay apart
            return NAMES.encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        }

        /** HKDF-Expand with one output block: HMAC(prk, info | 0x01). */
        private static byte[] expand(SecretKeySpec prk, byte[] info) {
            Mac mac = hmac(prk);
            mac.update(info);
            return mac.doFinal(new byte[] {1});
        }

        private static Mac hmac(SecretKeySpec key) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        }
    }
}

package io.mcpgateway.state.redis;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sorted-set members no other acquisition, here or on another replica, can share: a random name for this JVM and a
 * counter. (Two requests in one microsecond on two replicas must count twice in a window, not once.)
 */
final class UniqueMembers {

    private static final String REPLICA = randomName();
    private static final AtomicLong COUNTER = new AtomicLong();

    private UniqueMembers() {
    }

    static String next() {
        return REPLICA + ":" + Long.toString(COUNTER.incrementAndGet(), 36);
    }

    private static String randomName() {
        byte[] bytes = new byte[9];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

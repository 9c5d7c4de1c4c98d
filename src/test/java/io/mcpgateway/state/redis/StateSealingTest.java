package io.mcpgateway.state.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import io.mcpgateway.testing.CapturedLogs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateSealingTest {

    private static final byte[] RECORD = "{\"token\":\"eyJ-planted\",\"apiUrl\":\"https://api.example\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final String KEY = "mcpgw:session:{abc}";

    private final byte[] key = TestStates.randomKey();
    private final StateSealing sealing = new StateSealing(key, null);

    @Test
    void aSealedValueOpensUnderItsKeyAndHoldsNothingInClear() {
        byte[] sealed = sealing.seal(KEY, RECORD);

        assertThat(sealing.open(KEY, sealed)).hasValueSatisfying(opened -> assertThat(opened).isEqualTo(RECORD));
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("planted").doesNotContain("api.example");
        assertThat(sealed).hasSize(1 + 12 + RECORD.length + 16);
    }

    @Test
    void everyWriteHasItsOwnIv() {
        byte[] first = sealing.seal(KEY, RECORD);
        byte[] second = sealing.seal(KEY, RECORD);
        assertThat(Arrays.copyOfRange(first, 1, 13)).isNotEqualTo(Arrays.copyOfRange(second, 1, 13));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aTamperedBlobDoesNotOpen() {
        long before = sealing.unopenableCount();
        byte[] sealed = sealing.seal(KEY, RECORD);
        for (int at : new int[] {0, 1, 13, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[at] ^= 0x01;
            assertThat(sealing.open(KEY, tampered)).as("a bit flipped at %d", at).isEmpty();
        }
        assertThat(sealing.open(KEY, Arrays.copyOf(sealed, sealed.length - 1))).as("cut short").isEmpty();
        assertThat(sealing.open(KEY, new byte[3])).isEmpty();
        assertThat(sealing.open(KEY, null)).isEmpty();
        assertThat(sealing.unopenableCount() - before).isEqualTo(7);
    }

    @Test
    void aBlobMovedToAnotherKeyDoesNotOpen() {
        byte[] sealed = sealing.seal(KEY, RECORD);
        assertThat(sealing.open("mcpgw:session:{abd}", sealed)).isEmpty();
        assertThat(sealing.open("other:session:{abc}", sealed)).isEmpty();
    }

    @Test
    void aBlobUnderAnotherKeyIsAbsentAndSaysSoWithoutItsContent() {
        CapturedLogs.clear();
        StateSealing other = new StateSealing(TestStates.randomKey(), null);
        assertThat(other.open(KEY, sealing.seal(KEY, RECORD))).isEmpty();
        assertThat(CapturedLogs.text()).contains("did not open under GATEWAY_STATE_KEY")
                .doesNotContain("planted").doesNotContain(KEY);
    }

    @Test
    void afterARotationWhatThePreviousKeySealedStillOpensAndNewWritesUseTheNewKey() {
        byte[] sealedBefore = sealing.seal(KEY, RECORD);
        StateSealing rotated = new StateSealing(TestStates.randomKey(), key);

        assertThat(rotated.open(KEY, sealedBefore)).hasValueSatisfying(opened -> assertThat(opened).isEqualTo(RECORD));
        byte[] sealedAfter = rotated.seal(KEY, RECORD);
        assertThat(sealing.open(KEY, sealedAfter)).as("written under the new key only").isEmpty();
        assertThat(new StateSealing(TestStates.randomKey(), null).open(KEY, sealedBefore))
                .as("the previous key no longer configured").isEmpty();
    }

    @Test
    void namesAreStableKeyedAndDifferPerPurposeAndValue() {
        String name = sealing.name("session", "user_123");

        assertThat(name).isEqualTo(new StateSealing(key, null).name("session", "user_123"))
                .matches("[A-Za-z0-9_-]{43}").doesNotContain("user_123");
        Set<String> names = new HashSet<>(Set.of(name, sealing.name("client", "user_123"),
                sealing.name("session", "user_124"), new StateSealing(TestStates.randomKey(), null).name("session", "user_123"),
                sealing.name("sessio", "nuser_123")));
        assertThat(names).as("every purpose, value and key its own name").hasSize(5);
    }

    @Test
    void duringARotationTheNameUnderThePreviousKeyIsTheOneItGaveBefore() {
        StateSealing rotated = new StateSealing(TestStates.randomKey(), key);
        assertThat(rotated.previousName("session", "user_123")).contains(sealing.name("session", "user_123"));
        assertThat(rotated.name("session", "user_123")).isNotEqualTo(sealing.name("session", "user_123"));
        assertThat(sealing.previousName("session", "user_123")).isEmpty();
    }

    @Test
    void sealingAndNamingUseKeysDerivedApartFromTheConfiguredOne() throws Exception {
        javax.crypto.Mac plain = javax.crypto.Mac.getInstance("HmacSHA256");
        plain.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        plain.update("session".getBytes(StandardCharsets.UTF_8));
        plain.update((byte) 0);
        String underTheConfiguredKey = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(plain.doFinal("user_123".getBytes(StandardCharsets.UTF_8)));
        assertThat(sealing.name("session", "user_123")).isNotEqualTo(underTheConfiguredKey);
    }

    @Test
    void aKeyOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> new StateSealing(new byte[16], null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StateSealing(TestStates.randomKey(), new byte[31]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

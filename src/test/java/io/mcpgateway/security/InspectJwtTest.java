package io.mcpgateway.security;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.mcpgateway.testing.TestTokens.jwt;
import static io.mcpgateway.testing.TestTokens.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JWT pre-check reads a token as strictly as a verifier would, so no two readers see different claims. */
class InspectJwtTest {

    private static final long NOW = 1_800_000_000L;
    private final InspectJwt inspect = new InspectJwt(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    private static void refused(Runnable inspection, String message) {
        assertThatThrownBy(inspection::run).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.AUTH_ERROR);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void readsThePrincipalAndTheTimeClaims() {
        InspectJwt.Inspected inspected = inspect.inspect(jwt("RS256", "{\"sub\":\"alice\",\"nbf\":" + (NOW - 10)
                + ",\"exp\":" + (NOW + 60) + "}"));
        assertThat(inspected.principal()).isEqualTo("alice");
        assertThat(inspected.times()).isEqualTo(new TokenTimes(NOW - 10, NOW + 60));
        assertThat(inspect.inspect(jwt("EdDSA", "{\"exp\":" + (NOW + 60) + ".75}")).times().expiresAt())
                .as("a NumericDate may have a fraction").isEqualTo(NOW + 60);
    }

    @Test
    void aKeyTwiceInTheHeaderOrTheClaimsIsRefused() {
        refused(() -> inspect.inspect(part("{\"alg\":\"HS256\",\"alg\":\"none\"}") + "." + part("{\"sub\":\"a\"}") + ".c2ln"),
                "Invalid JWT token format");
        refused(() -> inspect.inspect(jwt("HS256", "{\"sub\":\"alice\",\"sub\":\"admin\"}")), "Invalid JWT token format");
        refused(() -> inspect.inspect(jwt("HS256", "{\"exp\":1,\"exp\":" + (NOW + 60) + "}")), "Invalid JWT token format");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "none ", " HS256", "HS256 ", "hs256", "HS257", "RSA-OAEP", ""})
    void onlyKnownSigningAlgorithmsExactlySpelledPass(String alg) {
        refused(() -> inspect.inspect(jwt(alg, "{\"sub\":\"alice\"}")), "algorithm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"18446744073709551621", "-18446744073709551621", "9007199254740992", "1e400", "-1e400",
            "1e300", "\"1800000000\"", "true", "null", "[1]"})
    void timeClaimsOutsideTheSafeIntegerRangeOrNotNumbersAreRefused(String value) {
        for (String claim : new String[] {"nbf", "exp", "iat"}) {
            refused(() -> inspect.inspect(jwt("HS256", "{\"sub\":\"alice\",\"" + claim + "\":" + value + "}")),
                    "claim '" + claim + "'");
        }
    }

    @Test
    void theLargestSafeIntegerIsAValidTime() {
        assertThat(inspect.inspect(jwt("HS256", "{\"exp\":9007199254740991}")).times().expiresAt())
                .isEqualTo(9_007_199_254_740_991L);
    }

    @Test
    void expiredAndNotYetValidTokensAreRefusedWithTheSkew() {
        refused(() -> inspect.inspect(jwt("HS256", "{\"exp\":" + (NOW - 31) + "}")), "expired");
        refused(() -> inspect.inspect(jwt("HS256", "{\"nbf\":" + (NOW + 31) + "}")), "not yet valid");
        assertThat(inspect.inspect(jwt("HS256", "{\"exp\":" + (NOW - 29) + ",\"nbf\":" + (NOW + 29) + "}")).principal())
                .isNull();
    }
}

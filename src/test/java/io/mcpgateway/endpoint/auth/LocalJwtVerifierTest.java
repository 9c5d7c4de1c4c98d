package io.mcpgateway.endpoint.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.mcpgateway.endpoint.auth.JwksFixture.AUDIENCE;
import static io.mcpgateway.endpoint.auth.JwksFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A token is accepted only as an OAuth 2.1 resource server would accept it, and refused with fixed text otherwise. */
class LocalJwtVerifierTest {

    private static final String SIGNATURE = "Access token signature, algorithm or key is not accepted";
    private static final String NOT_FOR_US =
            "Access token is not valid for this resource (issuer, audience, subject or validity time)";

    private final JwksFixture server = new JwksFixture();
    private final LocalJwtVerifier verifier = verifier(server.settings());

    LocalJwtVerifierTest() {
        server.publish(server.rsa, server.ec);
    }

    @AfterEach
    void stop() {
        verifier.close();
        server.close();
    }

    private static LocalJwtVerifier verifier(LocalJwtVerifier.Settings settings) {
        return new LocalJwtVerifier(settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static BearerToken bearer(String token) {
        return BearerToken.from(List.of("Bearer " + token), null, null, null).orElseThrow();
    }

    private LocalJwtVerifier.VerifiedClaims verify(String token) {
        return verifier.verify(bearer(token));
    }

    private void refused(String token, String message) {
        assertThatThrownBy(() -> verify(token)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.AUTH_ERROR);
            assertThat(e.getMessage()).isEqualTo(message).doesNotContain(token);
            assertThat(e.getCause()).isNull();
        });
    }

    @Test
    void acceptsAnRsaTokenAndReturnsItsClaims() {
        LocalJwtVerifier.VerifiedClaims claims = verify(server.rsaToken(c -> c.claim("scope", "tools:read tools:call")));

        assertThat(claims.subject()).isEqualTo("alice");
        assertThat(claims.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(claims.scopes()).containsExactlyInAnyOrder("tools:read", "tools:call");
    }

    @Test
    void acceptsAnEcTokenAndAPssTokenUnderTheDefaultAllowList() {
        assertThat(verify(JwksFixture.sign(server.ec, JWSAlgorithm.ES256, JwksFixture.validClaims().build())).subject())
                .isEqualTo("alice");
        assertThat(verify(JwksFixture.sign(server.rsa, JWSAlgorithm.PS256, JwksFixture.validClaims().build())).subject())
                .isEqualTo("alice");
    }

    @Test
    void theAudienceMayBeOneOfAnArray() {
        assertThat(verify(server.rsaToken(c -> c.audience(List.of("https://other.example.com", AUDIENCE)))).subject())
                .isEqualTo("alice");
    }

    @Test
    void scopesComeFromScopeAndScpAsStringOrArray() {
        assertThat(verify(server.rsaToken(c -> c.claim("scope", " a  b ").claim("scp", List.of("c", "a")))).scopes())
                .containsExactlyInAnyOrder("a", "b", "c");
        assertThat(verify(server.rsaToken(c -> c.claim("scp", "d e"))).scopes()).containsExactlyInAnyOrder("d", "e");
        assertThat(verify(server.rsaToken(c -> c)).scopes()).isEmpty();
        refused(server.rsaToken(c -> c.claim("scope", List.of("a", 1))),
                "Access token has a scope claim that is neither a string nor a list of strings");
    }

    @Test
    void refusesAnotherIssuer() {
        refused(server.rsaToken(c -> c.issuer("https://evil.example.com")), NOT_FOR_US);
        refused(server.rsaToken(c -> c.issuer(null)), NOT_FOR_US);
    }

    @Test
    void refusesATokenForAnotherAudienceOrForNone() {
        refused(server.rsaToken(c -> c.audience("https://other.example.com")), NOT_FOR_US);
        refused(server.rsaToken(c -> c.audience((String) null)), NOT_FOR_US);
    }

    @Test
    void refusesATokenWithoutSubjectOrExpiry() {
        refused(server.rsaToken(c -> c.subject(null)), NOT_FOR_US);
        refused(server.rsaToken(c -> c.subject(" ")), NOT_FOR_US);
        refused(server.rsaToken(c -> c.expirationTime(null)), NOT_FOR_US);
    }

    @Test
    void expiryAndNotBeforeAllowThirtySecondsOfClockSkew() {
        assertThat(verify(server.rsaToken(c -> c.expirationTime(Date.from(NOW.minusSeconds(20))))).subject()).isEqualTo("alice");
        refused(server.rsaToken(c -> c.expirationTime(Date.from(NOW.minusSeconds(40)))), "Access token has expired");

        assertThat(verify(server.rsaToken(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(20))))).subject()).isEqualTo("alice");
        refused(server.rsaToken(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(40)))), NOT_FOR_US);
    }

    @Test
    void refusesAnUnsignedToken() {
        refused(new PlainJWT(JwksFixture.validClaims().build()).serialize(), SIGNATURE);
    }

    @Test
    void refusesHs256SignedWithThePublicKeyAsSecret() throws Exception {
        // algorithm confusion: a verifier that let the token choose HMAC would check it against the public key's bytes
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                JwksFixture.validClaims().build());
        forged.sign(new MACSigner(server.rsa.toRSAPublicKey().getEncoded()));

        refused(forged.serialize(), SIGNATURE);
    }

    @Test
    void refusesATokenSignedByAnotherKeyUnderAKnownKidEvenWithItsKeyEmbedded() {
        RSAKey attacker = JwksFixture.rsaKey("rsa-1");
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").jwk(attacker.toPublicJWK()).build();

        refused(JwksFixture.sign(header, attacker, JwksFixture.validClaims().build()), SIGNATURE);
    }

    @Test
    void refusesAnAlgorithmLeftOutOfTheAllowList() {
        try (LocalJwtVerifier rsaOnly = verifier(new LocalJwtVerifier.Settings(server.jwksUrl(), JwksFixture.ISSUER,
                AUDIENCE, Set.of("RS256")))) {
            String ecToken = JwksFixture.sign(server.ec, JWSAlgorithm.ES256, JwksFixture.validClaims().build());
            assertThatThrownBy(() -> rsaOnly.verify(bearer(ecToken))).isInstanceOfSatisfying(GatewayException.class,
                    e -> assertThat(e.getMessage()).isEqualTo(SIGNATURE));
        }
    }

    @Test
    void acceptsTheAccessTokenTypeAndRefusesOtherTypes() {
        JWSHeader accessToken = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").type(new JOSEObjectType("at+jwt")).build();
        assertThat(verify(JwksFixture.sign(accessToken, server.rsa, JwksFixture.validClaims().build())).subject()).isEqualTo("alice");

        JWSHeader logout = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").type(new JOSEObjectType("logout+jwt")).build();
        refused(JwksFixture.sign(logout, server.rsa, JwksFixture.validClaims().build()), SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30.AAAA", "e30.e30.e30"})
    void refusesWhatIsNotASignedJwt(String token) {
        assertThatThrownBy(() -> verify(token)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.AUTH_ERROR);
            assertThat(e.getMessage()).isIn("Access token is not a well-formed signed JWT", SIGNATURE);
        });
    }

    @Test
    void refusesAClaimSetWithADuplicateClaimRatherThanPickOne() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}".getBytes(StandardCharsets.UTF_8));
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"" + JwksFixture.ISSUER + "\",\"aud\":\"x\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"a\",\"exp\":"
                        + NOW.plusSeconds(60).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        refused(header + "." + body + ".AAAA", "Access token is not a well-formed signed JWT");
    }

    @Test
    void refusesATimeClaimThatIsNotANumber() {
        refused(server.rsaToken(c -> c.claim("exp", "tomorrow")), "Access token is not a well-formed signed JWT");
    }

    @Test
    void settingsRefuseNoneSymmetricAndUnknownAlgorithms() {
        for (Set<String> algorithms : List.of(Set.of("none"), Set.of("HS256"), Set.of("RS256", "HS512"), Set.of("EdDSA"),
                Set.of("rs256"), Set.<String>of())) {
            assertThatThrownBy(() -> new LocalJwtVerifier.Settings(server.jwksUrl(), JwksFixture.ISSUER, AUDIENCE, algorithms))
                    .as("%s", algorithms).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allow-list");
        }
    }

    @Test
    void settingsRefuseAJwksUrlThatIsNotHttpsOrLoopback() {
        for (String url : List.of("http://idp.example.com/jwks", "file:///etc/passwd", "https://user@idp.example.com/jwks")) {
            assertThatThrownBy(() -> new LocalJwtVerifier.Settings(url, JwksFixture.ISSUER, AUDIENCE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JWKS URL").hasMessageNotContaining(url);
        }
        assertThatCode(() -> new LocalJwtVerifier.Settings("https://idp.example.com/jwks", JwksFixture.ISSUER, AUDIENCE))
                .doesNotThrowAnyException();
    }
}

package io.mcpgateway.endpoint.auth;

import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.function.UnaryOperator;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * An authorization server for the verifier's tests: RSA and EC keys made at test time, their public JWK set served by
 * WireMock on loopback, and tokens signed with them.
 */
final class JwksFixture implements AutoCloseable {

    static final String ISSUER = "https://login.example.com";
    static final String AUDIENCE = "https://gw.example.com/mcp";
    static final String PATH = "/jwks.json";
    static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

    final RSAKey rsa = rsaKey("rsa-1");
    final ECKey ec = ecKey("ec-1");
    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    JwksFixture() {
        server.start();
    }

    static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String jwksUrl() {
        return "http://127.0.0.1:" + server.port() + PATH;
    }

    LocalJwtVerifier.Settings settings() {
        return new LocalJwtVerifier.Settings(jwksUrl(), ISSUER, AUDIENCE);
    }

    /** Serves the public halves of these keys. */
    void publish(JWK... keys) {
        String set = new JWKSet(Arrays.stream(keys).map(JWK::toPublicJWK).toList()).toString();
        server.stubFor(get(urlEqualTo(PATH)).willReturn(okJson(set)));
    }

    /** Serves this answer instead of the key set. */
    void answer(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        server.stubFor(get(urlEqualTo(PATH)).willReturn(response));
    }

    void answerStatus(int status) {
        answer(aResponse().withStatus(status));
    }

    int fetches() {
        return server.countRequestsMatching(getRequestedFor(urlEqualTo(PATH)).build()).getCount();
    }

    /** Claims the verifier accepts: the issuer, the audience, a subject, five minutes left. */
    static JWTClaimsSet.Builder validClaims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("alice")
                .expirationTime(Date.from(NOW.plusSeconds(300))).issueTime(Date.from(NOW));
    }

    String rsaToken(UnaryOperator<JWTClaimsSet.Builder> claims) {
        return sign(rsa, JWSAlgorithm.RS256, claims.apply(validClaims()).build());
    }

    static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), key, claims);
    }

    static String sign(JWSHeader header, JWK key, JWTClaimsSet claims) {
        try {
            JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}

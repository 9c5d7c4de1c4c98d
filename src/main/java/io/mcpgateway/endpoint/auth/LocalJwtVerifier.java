package io.mcpgateway.endpoint.auth;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;

/**
 * Verifies an access token as an OAuth 2.1 resource server does, with Nimbus JOSE+JWT: a JWS signed by one of the
 * authorization server's published keys ({@link RemoteJwks}) with an allowed algorithm, issued by the expected
 * issuer, for this resource (its audience, so that a token issued for another service is not accepted here: no token
 * passthrough), with an {@code exp} and a {@code sub}, and within its {@code nbf}/{@code exp} window give or take
 * 30 seconds of clock skew.
 *
 * <p>The algorithm allow-list holds asymmetric algorithms only. {@code none} would accept anything, and an HMAC
 * algorithm checked against a published key set is the classic confusion attack (the public key used as the shared
 * secret); Nimbus also picks a key only by the allow-list and the key set, never from the token's own {@code jwk},
 * {@code jku} or {@code x5u} headers.
 *
 * <p>Every refusal has fixed text: library messages can quote claims or header values, so none is passed on.
 * Keys that cannot be fetched (the JWKS down, too large, not a key set) are not the token's fault, and a 401 would
 * send a client with a good token back to its authorization server for nothing; they are API_UNAVAILABLE, a 503 with
 * {@code Retry-After}, and the request is refused all the same (fail closed). So is a {@code kid} the cache does not
 * know while refetches are rate-limited: it may be a key just rotated in, which the gateway may not ask for yet.
 */
public final class LocalJwtVerifier implements AutoCloseable {

    /** The allow-list when none is configured: one of each family that authorization servers sign with. */
    public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "ES256", "PS256");
    /** What may be allowed: RSA and NIST-curve ECDSA, which the JDK verifies without optional libraries. */
    private static final Set<JWSAlgorithm> VERIFIABLE = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    static final int CLOCK_SKEW_SECONDS = 30;
    private static final String MALFORMED = "Access token is not a well-formed signed JWT";
    private static final String NOT_FOR_THIS_RESOURCE =
            "Access token is not valid for this resource (issuer, audience, subject or validity time)";

    /**
     * What tokens are verified against.
     *
     * @param jwksUrl    the authorization server's JWK set, https (http only for a loopback host)
     * @param issuer     the exact {@code iss} value
     * @param audience   a value {@code aud} must hold (a string, or one of an array): the endpoint's canonical URL
     *                   unless configured otherwise
     * @param algorithms the accepted {@code alg} values: RS256/384/512, PS256/384/512, ES256/384/512
     */
    public record Settings(String jwksUrl, String issuer, String audience, Set<String> algorithms) {

        public Settings {
            if (WebUrls.parse(jwksUrl).isEmpty()) {
                throw new IllegalArgumentException("the JWKS URL must be https (http only for a loopback host)");
            }
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("the issuer must be set");
            }
            if (audience == null || audience.isBlank()) {
                throw new IllegalArgumentException("the audience must be set");
            }
            if (algorithms.isEmpty() || !algorithms.stream().map(JWSAlgorithm::parse).allMatch(VERIFIABLE::contains)) {
                throw new IllegalArgumentException("the algorithm allow-list must name RS256/384/512, PS256/384/512 or"
                        + " ES256/384/512 only (never none or HS*, which a published key set cannot verify safely)");
            }
            algorithms = Set.copyOf(algorithms);
        }

        /** The default allow-list. */
        public Settings(String jwksUrl, String issuer, String audience) {
            this(jwksUrl, issuer, audience, DEFAULT_ALGORITHMS);
        }
    }

    /** What a verified token says: who, until when, and the scopes granted ({@code scope} and {@code scp} together). */
    public record VerifiedClaims(String subject, Instant expiresAt, Set<String> scopes) {
    }

    private final RemoteJwks jwks;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final long retryAfterSeconds;

    public LocalJwtVerifier(Settings settings, Clock clock) {
        this(settings, clock, RemoteJwks.Policy.DEFAULT);
    }

    LocalJwtVerifier(Settings settings, Clock clock, RemoteJwks.Policy policy) {
        this.jwks = new RemoteJwks(URI.create(settings.jwksUrl().trim()), policy);
        // the earliest moment the key set can be asked again
        this.retryAfterSeconds = Math.max(1, policy.refetchIntervalMs() / 1000);
        Set<JWSAlgorithm> algorithms = settings.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, jwks.source()));
        // RFC 9068 types access tokens "at+jwt"; most servers still write "JWT" or nothing
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(settings.audience(),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("sub", "exp")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * Verifies a token.
     *
     * @throws GatewayException AUTH_ERROR for a token that is not accepted; API_UNAVAILABLE when the keys cannot be
     *                          had now
     */
    public VerifiedClaims verify(BearerToken token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token.value(), null);
        } catch (ParseException e) {
            throw refused(MALFORMED);
        } catch (KeySourceException e) {
            throw GatewayException.retryAfter(ErrorType.API_UNAVAILABLE,
                    "The token issuer's signing keys cannot be fetched now", retryAfterSeconds);
        } catch (ExpiredJWTException e) {
            throw refused("Access token has expired");
        } catch (BadJWTException e) {
            // Nimbus reports a claim set it cannot parse (a duplicate claim, a time that is not a number) this way too
            throw refused(e.getCause() instanceof ParseException ? MALFORMED : NOT_FOR_THIS_RESOURCE);
        } catch (BadJOSEException | JOSEException e) {
            throw refused("Access token signature, algorithm or key is not accepted");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw refused(NOT_FOR_THIS_RESOURCE);
        }
        Set<String> scopes = new LinkedHashSet<>();
        scopes(claims, "scope").ifPresent(scopes::addAll);
        scopes(claims, "scp").ifPresent(scopes::addAll);
        return new VerifiedClaims(subject, claims.getExpirationTime().toInstant(), Set.copyOf(scopes));
    }

    /** A scope claim: a space-delimited string (RFC 8693, 9068) or an array of strings (as some servers write {@code scp}). */
    private static Optional<List<String>> scopes(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return Optional.of(List.of(text.strip().isEmpty() ? new String[0] : text.strip().split(" +")));
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return Optional.of(list.stream().map(String.class::cast).toList());
        }
        throw refused("Access token has a scope claim that is neither a string nor a list of strings");
    }

    private static GatewayException refused(String message) {
        return new GatewayException(ErrorType.AUTH_ERROR, message);
    }

    /** Stops the key set's background refresh. */
    @Override
    public void close() {
        jwks.close();
    }
}

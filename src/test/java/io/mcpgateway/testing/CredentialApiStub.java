package io.mcpgateway.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A real HTTP server (WireMock on loopback) playing the user's credential API. */
public final class CredentialApiStub implements AutoCloseable {

    public static final String VALIDATE_PATH = "/settings/validate";

    private final WireMockServer server;

    public CredentialApiStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    /** The apiUrl a caller would present for this stub, with an optional base path. */
    public String apiUrl(String basePath) {
        return "http://127.0.0.1:" + server.port() + basePath;
    }

    public void accepts(String token) {
        accepts(token, 0);
    }

    public void accepts(String token, int delayMillis) {
        server.stubFor(post(urlPathEqualTo(VALIDATE_PATH)).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(200).withBody("{\"valid\":true}").withFixedDelay(delayMillis)));
    }

    public void answers(int status, String body) {
        server.stubFor(post(urlPathEqualTo(VALIDATE_PATH)).willReturn(aResponse().withStatus(status).withBody(body)));
    }

    /** Accepts the token and sets a session cookie, as many web APIs do. */
    public void acceptsSettingCookie(String token, String cookie) {
        server.stubFor(post(urlPathEqualTo(VALIDATE_PATH)).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(200).withHeader("Set-Cookie", cookie + "; Path=/")));
    }

    /** Accepts the token only when the request carries the given cookie. */
    public void acceptsWithCookie(String token, String cookie) {
        server.stubFor(post(urlPathEqualTo(VALIDATE_PATH)).withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("Cookie", com.github.tomakehurst.wiremock.client.WireMock.containing(cookie))
                .willReturn(aResponse().withStatus(200)));
    }

    public void answersWithRetryAfter(int status, int retryAfterSeconds) {
        server.stubFor(post(urlPathEqualTo(VALIDATE_PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds))));
    }

    /** The headers of every probe received, in order. */
    public java.util.List<com.github.tomakehurst.wiremock.http.HttpHeaders> probeHeaders() {
        return server.findAll(postRequestedFor(urlPathEqualTo(VALIDATE_PATH))).stream()
                .map(com.github.tomakehurst.wiremock.verification.LoggedRequest::getHeaders).toList();
    }

    public void answersSlowly(int delayMillis) {
        server.stubFor(post(urlPathEqualTo(VALIDATE_PATH))
                .willReturn(aResponse().withStatus(200).withFixedDelay(delayMillis)));
    }

    public void fails(Fault fault) {
        server.stubFor(post(urlPathEqualTo(VALIDATE_PATH)).willReturn(aResponse().withFault(fault)));
    }

    public void redirectsTo(String location) {
        server.stubFor(post(urlPathEqualTo(VALIDATE_PATH))
                .willReturn(aResponse().withStatus(302).withHeader("Location", location)));
    }

    public int probeCount() {
        return server.countRequestsMatching(postRequestedFor(urlPathEqualTo(VALIDATE_PATH)).build()).getCount();
    }

    public int requestCount() {
        return server.getAllServeEvents().size();
    }

    public void reset() {
        server.resetAll();
    }

    @Override
    public void close() {
        server.stop();
    }
}

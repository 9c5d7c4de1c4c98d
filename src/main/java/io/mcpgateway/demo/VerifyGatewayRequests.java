package io.mcpgateway.demo;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Consumer;

import io.mcpgateway.upstream.signing.SignatureVerifier;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What an MCP server that trusts only the gateway checks on every request: the gateway's own bearer credential and a
 * valid v1 signature (docs/signing.md). Anything else is answered 401 and never reaches the MCP server.
 */
public final class VerifyGatewayRequests implements Filter {

    private final byte[] expectedAuthorization;
    private final SignatureVerifier verifier;
    private final Consumer<String> onRefusal;

    /** @param onRefusal told "METHOD reason" for each refused request (reason: "bearer" or a signature verdict) */
    public VerifyGatewayRequests(String expectedBearer, SignatureVerifier verifier, Consumer<String> onRefusal) {
        this.expectedAuthorization = ("Bearer " + expectedBearer).getBytes(StandardCharsets.UTF_8);
        this.verifier = verifier;
        this.onRefusal = onRefusal;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        byte[] body = request.getInputStream().readAllBytes();
        String refusal = refusal(request, body);
        if (refusal != null) {
            onRefusal.accept(request.getMethod() + " " + refusal);
            HttpServletResponse response = (HttpServletResponse) res;
            response.setHeader("WWW-Authenticate", "Bearer");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        chain.doFilter(new ReadBody(request, body), res);
    }

    private String refusal(HttpServletRequest request, byte[] body) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null
                || !MessageDigest.isEqual(expectedAuthorization, authorization.getBytes(StandardCharsets.UTF_8))) {
            return "bearer";
        }
        String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        SignatureVerifier.Verdict verdict = verifier.verify(request.getMethod(), target, body, request::getHeader);
        return verdict == SignatureVerifier.Verdict.VALID ? null : verdict.name();
    }

    /** The request with its body, already read for the signature check, available again. */
    private static final class ReadBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}

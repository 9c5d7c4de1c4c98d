package io.mcpgateway.security;

import java.io.IOException;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.net.URIAuthority;

/**
 * The probe client's own origin check, first in its execution chain (before name resolution and connection): a
 * request to a credential API outside {@code API_ALLOWED_ORIGINS} fails with the catalog's answer even if a route
 * step that should have refused it was left out.
 */
public class RequireAllowedOrigin implements ExecChainHandler {

    private final ApiUrlGuard guard;

    public RequireAllowedOrigin(ApiUrlGuard guard) {
        this.guard = guard;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        URIAuthority authority = request.getAuthority();
        guard.checkOrigin(request.getScheme(), authority == null ? null : authority.getHostName(),
                authority == null ? -1 : authority.getPort());
        return chain.proceed(request, scope);
    }
}

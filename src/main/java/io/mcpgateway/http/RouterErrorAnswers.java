package io.mcpgateway.http;

import java.util.UUID;

import io.mcpgateway.error.ErrorCatalog;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Catalog answers for what the HTTP server decides before any route runs: an unknown path or a request target that is
 * not a path (404), a body over the server's hard limit (413), any other request it refuses (an undecodable path, an
 * expectation it cannot meet: 400) and a failure outside a route (500). Without these, Vert.x answers with HTML or
 * plain text, or turns a refusal into a 500. (Wrong methods are answered by each route's own method check, since the
 * catch-all below matches any method.)
 */
public class RouterErrorAnswers implements StartupListener {

    private final int serverPort;

    public RouterErrorAnswers(int serverPort) {
        this.serverPort = serverPort;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the router exists only once the HTTP server has started: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter router = HttpServers.gateway(context, serverPort);
        if (router == null) {
            return;
        }
        router.route().failureHandler(ctx -> answer(ctx, ErrorCatalog.refusedByServer(ctx.statusCode())));
        router.route().last().handler(ctx -> answer(ctx, ErrorCatalog.refusedByServer(404)));
        // A path that cannot be decoded ("%zz") fails while the server's own router matches it, before the router
        // above is reached; that one answers in plain text (and logs a stack trace) unless it has a handler for 400.
        if (router.getServer().getServer().requestHandler() instanceof Router serverRouter) {
            serverRouter.errorHandler(400, ctx -> answer(ctx, ErrorCatalog.refusedByServer(400)));
        }
    }

    private static void answer(RoutingContext ctx, ErrorCatalog.Answer answer) {
        if (!ctx.response().headWritten()) {
            answer(ctx.response(), answer);
        }
    }

    /** Also for what the server refuses before any router runs ({@link StrictFraming}). */
    static Future<Void> answer(HttpServerResponse response, ErrorCatalog.Answer answer) {
        String requestId = UUID.randomUUID().toString();
        return response.setStatusCode(answer.status())
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Request-Id", requestId)
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(answer.toJson(requestId));
    }
}

package io.mcpgateway.upstream;

/**
 * What a call to the upstream needs from the gateway session it serves: the user's context to forward and the
 * upstream session it travels in. The gateway session implements it, so that this package does not depend on the
 * session package (which depends on this one for {@link UpstreamSession}).
 */
public interface CallerSession {

    String sessionId();

    String apiUrl();

    String token();

    /** The MCP session the gateway holds with the named upstream for this session; null when none is open. */
    UpstreamSession upstream(String upstreamName);

    /** After the upstream forgot the session and a new one was opened, or one was opened at its first use. */
    void replaceUpstream(String upstreamName, UpstreamSession replacement);
}

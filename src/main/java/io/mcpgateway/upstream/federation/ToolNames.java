package io.mcpgateway.upstream.federation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names callers see for the upstreams' tools. With one upstream a tool keeps its name; with several it is always
 * {@code {upstream}__{tool}} (upstream names hold no underscore, so the first {@code __} splits it). A prefixed name
 * that LLM providers would refuse (outside {@code ^[A-Za-z0-9_-]{1,64}$}) is rewritten deterministically: other characters
 * become {@code _}, and the name is cut to leave room for {@code _} and 8 hex digits of the SHA-256 of the original
 * upstream and tool, so that two originals that rewrite alike still differ. Whether to prefix depends on how many
 * upstreams are configured, not on how many answered, so a name never changes because another upstream is down.
 */
public final class ToolNames {

    /** The gateway's own tool: never prefixed, and no upstream tool may take its name. */
    public static final String GATEWAY_TOOL = "validate_settings";
    public static final int MAX_LENGTH = 64;
    public static final String SEPARATOR = "__";

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");
    private static final Pattern REFUSED_CHARACTER = Pattern.compile("[^A-Za-z0-9_-]");
    private static final int HASH_HEX_DIGITS = 8;

    private final boolean prefixed;

    private ToolNames(boolean prefixed) {
        this.prefixed = prefixed;
    }

    /** @param configuredUpstreams how many upstreams the configuration has (1 without an upstreams file) */
    public static ToolNames forUpstreams(int configuredUpstreams) {
        if (configuredUpstreams < 1) {
            throw new IllegalArgumentException("at least one upstream");
        }
        return new ToolNames(configuredUpstreams > 1);
    }

    public boolean prefixed() {
        return prefixed;
    }

    /** The exposed name of one tool: with one upstream always its own, as the gateway has always passed it on. */
    public ExposedTool expose(ToolRef origin) {
        String plain = prefixed ? origin.upstream() + SEPARATOR + origin.tool() : origin.tool();
        if (!prefixed || ACCEPTED.matcher(plain).matches()) {
            return new ExposedTool(plain, origin, false);
        }
        String replaced = REFUSED_CHARACTER.matcher(plain).replaceAll("_");
        int room = MAX_LENGTH - 1 - HASH_HEX_DIGITS;
        String cut = replaced.length() > room ? replaced.substring(0, room) : replaced;
        return new ExposedTool(cut + "_" + hash(origin), origin, true);
    }

    /**
     * The names of one listing, with the reverse map that a call needs (a rewritten name cannot be split). Tools that
     * end up with the same name, or with the gateway's own tool's name, are all left out and returned as collisions,
     * for the caller to log once and count.
     */
    public Listing list(List<ToolRef> tools) {
        Map<String, List<ExposedTool>> byName = new LinkedHashMap<>();
        for (ToolRef tool : tools) {
            ExposedTool exposed = expose(tool);
            byName.computeIfAbsent(exposed.name(), n -> new ArrayList<>()).add(exposed);
        }
        Map<String, ExposedTool> kept = new LinkedHashMap<>();
        List<Collision> collisions = new ArrayList<>();
        byName.forEach((name, claimants) -> {
            if (claimants.size() == 1 && !name.equals(GATEWAY_TOOL)) {
                kept.put(name, claimants.get(0));
            } else {
                collisions.add(new Collision(name, claimants.stream().map(ExposedTool::origin).toList()));
            }
        });
        return new Listing(kept, collisions);
    }

    /** Stable across runs and machines: the suffix of a rewritten name must not change with a restart. */
    private static String hash(ToolRef origin) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((origin.upstream() + SEPARATOR + origin.tool()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Several tools wanted one exposed name; none of them got it. */
    public record Collision(String name, List<ToolRef> origins) {
        public Collision {
            origins = List.copyOf(origins);
        }
    }

    /** The tools of one listing under their exposed names, in the order given, and the collisions left out. */
    public record Listing(Map<String, ExposedTool> byName, List<Collision> collisions) {

        public Listing {
            byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
            collisions = List.copyOf(collisions);
        }

        public List<ExposedTool> tools() {
            return List.copyOf(byName.values());
        }

        /** The upstream and original name behind an exposed name; empty for a name this listing does not hold. */
        public Optional<ToolRef> origin(String exposedName) {
            return Optional.ofNullable(byName.get(exposedName)).map(ExposedTool::origin);
        }
    }
}

package io.mcpgateway.upstream.federation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolNamesTest {

    private static final ToolNames ONE = ToolNames.forUpstreams(1);
    private static final ToolNames SEVERAL = ToolNames.forUpstreams(2);

    /** The suffix computed independently: 8 hex digits of SHA-256 of "upstream__tool". */
    private static String suffix(String upstream, String tool) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest((upstream + "__" + tool).getBytes(StandardCharsets.UTF_8));
        return "_" + HexFormat.of().formatHex(digest, 0, 4);
    }

    @Test
    void withOneUpstreamANameIsUnchanged() {
        assertThat(ONE.expose(new ToolRef("default", "search_tickets")))
                .isEqualTo(new ExposedTool("search_tickets", new ToolRef("default", "search_tickets"), false));
    }

    @Test
    void withSeveralUpstreamsEveryNameIsPrefixed() {
        assertThat(SEVERAL.expose(new ToolRef("tickets", "search")).name()).isEqualTo("tickets__search");
        assertThat(SEVERAL.expose(new ToolRef("code-host", "get-file")).name()).isEqualTo("code-host__get-file");
    }

    @Test
    void aNameOfExactly64CharactersIsKept() {
        String tool = "t".repeat(64 - "tickets__".length());
        ExposedTool exposed = SEVERAL.expose(new ToolRef("tickets", tool));
        assertThat(exposed.name()).isEqualTo("tickets__" + tool).hasSize(64);
        assertThat(exposed.rewritten()).isFalse();
    }

    @Test
    void aLongerNameIsCutAndEndsInAStableHash() throws Exception {
        String tool = "t".repeat(64 - "tickets__".length() + 1);
        ExposedTool exposed = SEVERAL.expose(new ToolRef("tickets", tool));
        assertThat(exposed.name()).hasSize(64).matches("[A-Za-z0-9_-]{1,64}")
                .isEqualTo(("tickets__" + tool).substring(0, 55) + suffix("tickets", tool));
        assertThat(exposed.rewritten()).isTrue();
    }

    @Test
    void refusedCharactersBecomeUnderscoresAndTheNameGetsTheHash() throws Exception {
        ExposedTool exposed = SEVERAL.expose(new ToolRef("docs", "search.pages/v2 ü"));
        assertThat(exposed.name()).isEqualTo("docs__search_pages_v2__" + suffix("docs", "search.pages/v2 ü"));
        assertThat(exposed.rewritten()).isTrue();
        // with one upstream the gateway passes names on as it always has, whatever they are
        assertThat(ONE.expose(new ToolRef("default", "a.b"))).isEqualTo(new ExposedTool("a.b", new ToolRef("default", "a.b"), false));
    }

    @Test
    void twoOriginalsThatRewriteAlikeStillDiffer() {
        assertThat(SEVERAL.expose(new ToolRef("docs", "a.b")).name())
                .isNotEqualTo(SEVERAL.expose(new ToolRef("docs", "a/b")).name())
                .isNotEqualTo("docs__a_b");
    }

    @Test
    void anEmptyToolNameStillGetsAnAcceptableName() {
        assertThat(SEVERAL.expose(new ToolRef("a", "")).name()).matches("[A-Za-z0-9_-]{1,64}");
    }

    @Test
    void theHashIsTheSameInEveryRun() {
        // a golden value, computed once: a changed suffix would rename a tool for every client after an upgrade
        assertThat(SEVERAL.expose(new ToolRef("tickets", "search.v2")).name()).isEqualTo("tickets__search_v2_49cc7518");
        assertThat(SEVERAL.expose(new ToolRef("tickets", "search.v2")))
                .isEqualTo(ToolNames.forUpstreams(3).expose(new ToolRef("tickets", "search.v2")));
    }

    @Test
    void aListingMapsEachExposedNameBackToItsOrigin() {
        ToolNames.Listing listing = SEVERAL.list(List.of(new ToolRef("tickets", "search"),
                new ToolRef("code", "search"), new ToolRef("docs", "find.page")));

        assertThat(listing.tools()).extracting(ExposedTool::name).containsExactly("tickets__search", "code__search",
                SEVERAL.expose(new ToolRef("docs", "find.page")).name());
        assertThat(listing.origin("code__search")).contains(new ToolRef("code", "search"));
        assertThat(listing.origin(SEVERAL.expose(new ToolRef("docs", "find.page")).name()))
                .contains(new ToolRef("docs", "find.page"));
        assertThat(listing.origin("docs__find.page")).isEmpty();
        assertThat(listing.origin("search")).isEmpty();
        assertThat(listing.collisions()).isEmpty();
    }

    @Test
    void toolsThatEndUpWithOneNameAreAllLeftOutAndReported() throws Exception {
        // "x." is rewritten to "a__x_" plus its suffix; a tool that the upstream already calls that way collides
        ToolRef rewritten = new ToolRef("a", "x.");
        ToolRef lookalike = new ToolRef("a", "x_" + suffix("a", "x."));
        ToolNames.Listing listing = SEVERAL.list(List.of(new ToolRef("a", "dup"), rewritten, new ToolRef("a", "dup"),
                new ToolRef("b", "other"), lookalike));

        assertThat(listing.tools()).extracting(ExposedTool::name).containsExactly("b__other");
        assertThat(listing.origin("a__dup")).isEmpty();
        assertThat(listing.collisions()).containsExactly(
                new ToolNames.Collision("a__dup", List.of(new ToolRef("a", "dup"), new ToolRef("a", "dup"))),
                new ToolNames.Collision(SEVERAL.expose(rewritten).name(), List.of(rewritten, lookalike)));
    }

    @Test
    void withOneUpstreamTwoSpellingsOfOneNameCollide() {
        ToolNames.Listing listing = ONE.list(List.of(new ToolRef("default", "echo"), new ToolRef("default", "echo")));
        assertThat(listing.tools()).isEmpty();
        assertThat(listing.collisions()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("echo"));
    }

    @Test
    void validateSettingsStaysTheGatewaysOwn() {
        ToolNames.Listing one = ONE.list(List.of(new ToolRef("default", ToolNames.GATEWAY_TOOL),
                new ToolRef("default", "echo")));
        assertThat(one.tools()).extracting(ExposedTool::name).containsExactly("echo");
        assertThat(one.collisions()).extracting(ToolNames.Collision::name).containsExactly("validate_settings");

        ToolNames.Listing several = SEVERAL.list(List.of(new ToolRef("a", ToolNames.GATEWAY_TOOL)));
        assertThat(several.tools()).extracting(ExposedTool::name).containsExactly("a__validate_settings");
    }

    @Test
    void aListingCannotBeChanged() {
        ToolNames.Listing listing = SEVERAL.list(List.of(new ToolRef("a", "x")));
        assertThatThrownBy(() -> listing.byName().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ToolNames.forUpstreams(0)).isInstanceOf(IllegalArgumentException.class);
    }

}

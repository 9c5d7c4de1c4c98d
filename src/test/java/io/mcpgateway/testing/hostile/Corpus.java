package io.mcpgateway.testing.hostile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the corpus, one category at a time. Variant names are made printable (control characters escaped, long
 * names shortened); a label used twice is a mistake in a generator and fails at once.
 */
final class Corpus {

    private final List<HostileRequest> requests = new ArrayList<>();
    private final Set<String> labels = new HashSet<>();
    private String category = "uncategorized";

    Corpus category(String name) {
        category = name;
        return this;
    }

    void refused(String variant, Wire wire) {
        add(variant, wire, HostileRequest.ANY_CLIENT_ERROR, false);
    }

    void refusedWith(int status, String variant, Wire wire) {
        add(variant, wire, status, false);
    }

    void framingBroken(String variant, Wire wire) {
        add(variant, wire, HostileRequest.ANY_CLIENT_ERROR, true);
    }

    List<HostileRequest> requests() {
        return List.copyOf(requests);
    }

    private void add(String variant, Wire wire, int status, boolean mayGoUnanswered) {
        HostileRequest request = new HostileRequest(category, printable(variant), wire.bytes(), status, mayGoUnanswered);
        if (!labels.add(request.label())) {
            throw new IllegalStateException("two requests labelled " + request.label());
        }
        requests.add(request);
    }

    private static String printable(String name) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().forEach(c -> shown.append(c < 0x20 || (c >= 0x7f && c < 0xa0) ? String.format("\\x%02x", c)
                : Character.toString(c)));
        return shown.length() <= 100 ? shown.toString() : shown.substring(0, 60) + "... (" + name.length() + " chars)";
    }
}

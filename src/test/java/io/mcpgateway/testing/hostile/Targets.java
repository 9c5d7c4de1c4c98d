package io.mcpgateway.testing.hostile;

/**
 * What the corpus aims at: two live sessions (the victim of every attack, and another user's), the credential API the
 * sessions were opened with, and a well-formed token that API accepts from nobody.
 */
public record Targets(String apiUrl, Session victim, Session other, String strangerToken) {

    public record Session(String id, String token) {
    }
}

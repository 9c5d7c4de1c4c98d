package io.mcpgateway.credentials;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PrepareCredentialProbeTest {

    @ParameterizedTest
    @CsvSource({
        "https://api.example.com, https://api.example.com/settings/validate",
        "https://api.example.com/, https://api.example.com/settings/validate",
        "https://api.example.com/v1//, https://api.example.com/v1/settings/validate",
        "https://api.example.com/v1?tenant=a, https://api.example.com/v1/settings/validate?tenant=a"})
    void validatePathGoesUnderTheApiUrlKeepingItsQuery(String apiUrl, String probeUrl) {
        assertThat(PrepareCredentialProbe.probeUrl(apiUrl)).isEqualTo(probeUrl);
    }
}

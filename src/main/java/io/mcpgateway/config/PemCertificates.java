package io.mcpgateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;

/** PEM certificate files named by a setting; an unusable one fails start-up naming the setting, never the file. */
final class PemCertificates {

    private PemCertificates() {
    }

    /** Every certificate in the file, at least one. */
    static Collection<? extends Certificate> read(Path pem, GatewaySettings.Key key) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw unusable(key, "PEM certificates");
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw unusable(key, "PEM certificates");
        }
    }

    /** A trust store holding exactly the certificates of a CA bundle. */
    static KeyStore trustStore(Path caBundle, GatewaySettings.Key key) {
        Collection<? extends Certificate> certificates = read(caBundle, key);
        try {
            KeyStore store = emptyStore();
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw unusable(key, "a PEM CA bundle");
        }
    }

    static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }

    static InvalidConfigurationException unusable(GatewaySettings.Key key, String expected) {
        return new InvalidConfigurationException(List.of("Invalid configuration: " + key + " must contain " + expected));
    }
}

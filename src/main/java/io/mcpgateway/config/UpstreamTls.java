package io.mcpgateway.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.client5.http.ssl.TrustAllStrategy;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import io.mcpgateway.upstream.federation.UpstreamDefinition;
import org.apache.hc.core5.ssl.SSLContextBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * TLS toward the upstream MCP server: TLS 1.2+ with host-name verification; trust in the PEM CA bundle of
 * {@code MCP_CERT_PATH} only (else the JVM trust store); an optional PEM client certificate for mutual TLS.
 * {@code MCP_SSL_VERIFY=false} trusts anything, and start-up warns about it.
 */
public final class UpstreamTls {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private UpstreamTls() {
    }

    /** The TLS strategy of the {@code MCP_*} settings' upstream; unusable files fail start-up naming the setting. */
    public static TlsSocketStrategy strategy(GatewaySettings settings) {
        return strategy(UpstreamsFile.defaultUpstream(settings));
    }

    /**
     * The TLS strategy of one upstream's client, its own trust and client certificate. A problem names the
     * {@code MCP_*} setting whose key it is (an upstreams file's caller says which upstream).
     */
    public static TlsSocketStrategy strategy(UpstreamDefinition upstream) {
        HostnameVerifier hostnames = upstream.sslVerify() ? new DefaultHostnameVerifier() : NoopHostnameVerifier.INSTANCE;
        return new DefaultClientTlsStrategy(sslContext(upstream), PROTOCOLS, null, SSLBufferMode.STATIC, hostnames);
    }

    static SSLContext sslContext(UpstreamDefinition upstream) {
        try {
            SSLContextBuilder builder = SSLContextBuilder.create().setProtocol("TLS");
            if (!upstream.sslVerify()) {
                builder.loadTrustMaterial(TrustAllStrategy.INSTANCE);
            } else if (upstream.caPath() != null) {
                builder.loadTrustMaterial(PemCertificates.trustStore(upstream.caPath(), GatewaySettings.Key.MCP_CERT_PATH), null);
            } else {
                builder.loadTrustMaterial((KeyStore) null, null);
            }
            if (upstream.clientCertPath() != null) {
                char[] password = new char[0];
                builder.loadKeyMaterial(clientKeyStore(upstream.clientCertPath(), upstream.clientKeyPath(), password),
                        password);
            }
            return builder.build();
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigurationException(List.of("Invalid configuration: the TLS material for the MCP server"
                    + " could not be loaded (" + GatewaySettings.Key.MCP_CERT_PATH + ", "
                    + GatewaySettings.Key.MCP_CLIENT_CERT_PATH + ", " + GatewaySettings.Key.MCP_CLIENT_KEY_PATH + ")"));
        }
    }

    /**
     * The certificates of the configured TLS material, by the setting that names them (none for an unset one), for
     * the readiness check that watches them expire.
     */
    public static Map<GatewaySettings.Key, List<X509Certificate>> certificates(
            GatewaySettings settings) {
        Map<GatewaySettings.Key, List<X509Certificate>> configured =
                new EnumMap<>(GatewaySettings.Key.class);
        if (settings.mcpCertPath() != null) {
            configured.put(GatewaySettings.Key.MCP_CERT_PATH, x509(settings.mcpCertPath(), GatewaySettings.Key.MCP_CERT_PATH));
        }
        if (settings.mcpClientCertPath() != null) {
            configured.put(GatewaySettings.Key.MCP_CLIENT_CERT_PATH,
                    x509(settings.mcpClientCertPath(), GatewaySettings.Key.MCP_CLIENT_CERT_PATH));
        }
        return configured;
    }

    private static List<X509Certificate> x509(Path pem, GatewaySettings.Key key) {
        return PemCertificates.read(pem, key).stream().map(X509Certificate.class::cast).toList();
    }

    private static KeyStore clientKeyStore(Path certPath, Path keyPath, char[] password) {
        Certificate[] chain = PemCertificates.read(certPath, GatewaySettings.Key.MCP_CLIENT_CERT_PATH).toArray(new Certificate[0]);
        PrivateKey key = privateKey(keyPath);
        if (!keyMatches(key, chain[0])) {
            throw PemCertificates.unusable(GatewaySettings.Key.MCP_CLIENT_KEY_PATH, "the private key of MCP_CLIENT_CERT_PATH");
        }
        try {
            KeyStore store = PemCertificates.emptyStore();
            store.setKeyEntry("client", key, password, chain);
            return store;
        } catch (GeneralSecurityException e) {
            throw PemCertificates.unusable(GatewaySettings.Key.MCP_CLIENT_KEY_PATH, "the private key of MCP_CLIENT_CERT_PATH");
        }
    }

    /**
     * The first unencrypted PKCS#8, PKCS#1 (RSA) or SEC1 (EC) private key in the PEM file; other blocks before it
     * (such as the {@code EC PARAMETERS} that {@code openssl ecparam -genkey} writes) are skipped.
     */
    private static PrivateKey privateKey(Path pem) {
        try (Reader reader = Files.newBufferedReader(pem); PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object parsed = parser.readObject(); parsed != null; parsed = parser.readObject()) {
                if (parsed instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (parsed instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (IOException | RuntimeException e) {
            // reported below, without the file's content
        }
        throw PemCertificates.unusable(GatewaySettings.Key.MCP_CLIENT_KEY_PATH, "an unencrypted PEM private key");
    }

    /** Proves the key belongs to the certificate by signing with one and verifying with the other. */
    private static boolean keyMatches(PrivateKey key, Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // EdDSA keys name their own signature algorithm
        };
        try {
            byte[] probe = "mcp-gateway key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

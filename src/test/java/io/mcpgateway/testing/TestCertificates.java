package io.mcpgateway.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority made at test time, issuing server and client certificates. Nothing is committed. */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate with its key. */
    public record Issued(X509Certificate certificate, KeyPair keys) {

        /** Writes the certificate as PEM; returns the file. */
        public Path writeCertificate(Path dir, String name) {
            return write(dir.resolve(name), certificate);
        }

        /** Writes the private key as unencrypted PKCS#8 PEM; returns the file. */
        public Path writeKey(Path dir, String name) {
            return write(dir.resolve(name), keys.getPrivate());
        }

        /** A server-side (or client-side) SSLContext presenting this certificate and trusting the given CA. */
        public SSLContext sslContext(TestCertificates trusted) throws GeneralSecurityException, IOException {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("key", keys.getPrivate(), new char[0], new X509Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, new char[0]);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", trusted.ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        }
    }

    private final Issued ca;

    public TestCertificates(String name) {
        try {
            KeyPair keys = newKeys();
            X500Name subject = new X500Name("CN=" + name);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            ca = new Issued(sign(builder, keys), keys);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Issued ca() {
        return ca;
    }

    /** A certificate for the given DNS names and IP addresses, valid now. */
    public Issued issue(String commonName, String... subjectAltNames) {
        Instant now = Instant.now();
        return issue(commonName, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), subjectAltNames);
    }

    public Issued issue(String commonName, Instant notBefore, Instant notAfter, String... subjectAltNames) {
        try {
            KeyPair keys = newKeys();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    new X500Name(ca.certificate().getSubjectX500Principal().getName()), serial(), Date.from(notBefore),
                    Date.from(notAfter), new X500Name("CN=" + commonName), keys.getPublic());
            GeneralName[] names = new GeneralName[subjectAltNames.length];
            for (int i = 0; i < names.length; i++) {
                String san = subjectAltNames[i];
                names[i] = new GeneralName(san.matches("[0-9.]+|.*:.*") ? GeneralName.iPAddress : GeneralName.dNSName, san);
            }
            if (names.length > 0) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            return new Issued(sign(builder, ca.keys()), keys);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Path write(Path file, Object pemObject) {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(pemObject instanceof java.security.PrivateKey key
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null) : pemObject);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            return Files.writeString(file, pem.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

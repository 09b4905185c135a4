// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.testfixtures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mailwire.core.net.TlsSettings;

/**
 * A self-signed server certificate for {@code localhost} and {@code 127.0.0.1}, made once per
 * test JVM with the JDK's {@code keytool}, and the trust store that trusts it. Shared with the
 * other modules' tests through mail-protocol-core's test jar.
 */
public final class TestCertificates {

    public static final char[] PASSWORD = "changeit".toCharArray();

    private static final class Holder {
        static final TestCertificates INSTANCE = generate();
    }

    private final Path keyStore;
    private final KeyStore trustStore;

    private TestCertificates(Path keyStore, KeyStore trustStore) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    public static TestCertificates get() {
        return Holder.INSTANCE;
    }

    public Path keyStore() {
        return keyStore;
    }

    public KeyStore trustStore() {
        return trustStore;
    }

    public TlsSettings server() {
        try {
            return TlsSettings.server(keyStore, PASSWORD);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public TlsSettings client() {
        try {
            return TlsSettings.client(trustStore);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public javax.net.ssl.SSLContext clientContext() {
        try {
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the certificate as PEM, for Python's ssl module and curl's {@code --cacert}. */
    public Path pemCertificate() {
        try {
            Certificate cert = trustStore.getCertificate("server");
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Path file = keyStore.resolveSibling("server.pem");
            Files.writeString(file, pem);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestCertificates generate() {
        try {
            Path dir = Files.createTempDirectory("mailwire-tls");
            dir.toFile().deleteOnExit();
            Path ks = dir.resolve("server.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "server",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-keystore", ks.toString(), "-storetype", "PKCS12",
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            ks.toFile().deleteOnExit();
            KeyStore server = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                server.load(in, PASSWORD);
            }
            Certificate cert = server.getCertificate("server");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", cert);
            return new TestCertificates(ks, trust);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

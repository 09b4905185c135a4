// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.mailwire.core.net.TlsSettings;
import org.mailwire.server.internal.SelfSignedCertificate;

/**
 * The kit's TLS material: a fresh self-signed certificate per server set (made by mail-server's
 * DER writer, no files), the server settings that present it and the client settings that trust
 * it and nothing else, so STARTTLS in tests runs with full certificate and host-name checks.
 *
 * @param server     settings for the embedded servers
 * @param client     settings for clients that must trust the servers
 * @param trustStore a key store holding only the certificate, for the user's own clients
 */
public record KitCertificate(TlsSettings server, TlsSettings client, KeyStore trustStore) {

    /**
     * Makes a certificate for the host name, {@code localhost} and {@code 127.0.0.1}.
     *
     * @param hostName the servers' name
     * @return the TLS material
     * @throws IOException if the JDK lacks the algorithms
     */
    public static KitCertificate generate(String hostName) throws IOException {
        try {
            SelfSignedCertificate made = SelfSignedCertificate.generate(hostName, List.of("localhost"),
                    List.of(InetAddress.getByName("127.0.0.1")), Duration.ofDays(2));
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", made.key().getPrivate(), password, new Certificate[] {made.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, new SecureRandom());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", made.certificate());
            return new KitCertificate(TlsSettings.server(context), TlsSettings.client(trust), trust);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make the test certificate", e);
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-signed certificate carries the names clients check, and PEM files round-trip. */
class SelfSignedCertificateTest {

    @TempDir
    Path dir;

    @Test
    void subjectAndAlternativeNamesAreTheServersNames() throws Exception {
        SelfSignedCertificate c = SelfSignedCertificate.generate("mail.example.test", List.of("localhost"),
                List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")), Duration.ofDays(30));
        X509Certificate cert = c.certificate();
        assertEquals("CN=mail.example.test", cert.getSubjectX500Principal().getName());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        assertEquals(3, cert.getVersion());
        List<String> names = new ArrayList<>();
        for (List<?> entry : cert.getSubjectAlternativeNames()) {
            names.add(entry.get(0) + ":" + entry.get(1));
        }
        assertTrue(names.contains("2:mail.example.test"), names.toString());
        assertTrue(names.contains("2:localhost"), names.toString());
        assertTrue(names.contains("7:127.0.0.1"), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("7:0:0:0:0:0:0:0:1")), names.toString());
        cert.checkValidity();
        cert.verify(c.key().getPublic());
    }

    @Test
    void pemFilesRoundTripIntoAKeyStore() throws Exception {
        SelfSignedCertificate c = SelfSignedCertificate.generate("mx.test", List.of(), List.of(), Duration.ofDays(1));
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        PemFiles.write(c.certificate(), c.key().getPrivate(), cert, key);
        assertTrue(Files.readString(cert).startsWith("-----BEGIN CERTIFICATE-----\n"));
        KeyStore store = PemFiles.keyStore(cert, key, new char[0]);
        assertArrayEquals(c.key().getPrivate().getEncoded(), store.getKey("server", new char[0]).getEncoded());
        assertEquals(c.certificate(), store.getCertificate("server"));
        if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(key)));
        }
    }

    @Test
    void aKeyFileWithoutPkcs8IsExplained() throws Exception {
        SelfSignedCertificate c = SelfSignedCertificate.generate("mx.test", List.of(), List.of(), Duration.ofDays(1));
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        PemFiles.write(c.certificate(), c.key().getPrivate(), cert, key);
        Files.writeString(key, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        IOException e = assertThrows(IOException.class, () -> PemFiles.keyStore(cert, key, new char[0]));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
    }

    @Test
    void derLengthsOfEveryFormAreEncoded() {
        assertArrayEquals(new byte[] {0x04, 0x00}, Der.value(Der.OCTET_STRING));
        assertEquals(2 + 127, Der.value(Der.OCTET_STRING, new byte[127]).length);
        byte[] longForm = Der.value(Der.OCTET_STRING, new byte[300]);
        assertArrayEquals(new byte[] {0x04, (byte) 0x82, 0x01, 0x2C}, java.util.Arrays.copyOf(longForm, 4));
        assertArrayEquals(new byte[] {0x06, 0x03, 0x55, 0x1D, 0x11}, Der.oid("2.5.29.17"));
        assertArrayEquals(new byte[] {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02},
                Der.oid("1.2.840.10045.4.3.2"));
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.server.internal;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a self-signed certificate for local use when the operator gave none: an ECDSA P-256
 * key, the host name as subject, and every name and address the server answers on in the
 * subject alternative names (RFC 5280 §4.2.1.6), which is what clients check (RFC 6125).
 * Only the JDK's key generation and signature are used; the certificate is written in DER here.
 *
 * @param key         the private and public key
 * @param certificate the certificate
 */
public record SelfSignedCertificate(KeyPair key, X509Certificate certificate) {

    private static final DateTimeFormatter GENERALIZED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * Generates a key and a certificate valid from one hour ago for the given time.
     *
     * @param hostName  the subject's common name, also a DNS name in the alternative names
     * @param dnsNames  more DNS names (for example {@code localhost})
     * @param addresses IP addresses the server is reached at (for example 127.0.0.1)
     * @param validity  how long it is valid
     * @return the key and certificate
     * @throws GeneralSecurityException if the JDK lacks EC or SHA256withECDSA
     */
    public static SelfSignedCertificate generate(String hostName, List<String> dnsNames, List<InetAddress> addresses,
            Duration validity) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair key = generator.generateKeyPair();
        byte[] algorithm = Der.sequence(Der.oid("1.2.840.10045.4.3.2"));   // ecdsa-with-SHA256, RFC 5758 §3.2
        byte[] name = Der.sequence(Der.value(Der.SET, Der.sequence(Der.oid("2.5.4.3"), Der.utf8(hostName))));
        Instant now = Instant.now();
        byte[] spki = key.getPublic().getEncoded();
        List<byte[]> alternatives = new ArrayList<>();
        alternatives.add(Der.tagged(2, false, hostName.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        for (String dns : dnsNames) {
            if (!dns.equalsIgnoreCase(hostName)) {
                alternatives.add(Der.tagged(2, false, dns.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            }
        }
        for (InetAddress address : addresses) {
            alternatives.add(Der.tagged(7, false, address.getAddress()));
        }
        byte[] san = Der.sequence(Der.oid("2.5.29.17"), Der.value(Der.OCTET_STRING,
                Der.sequence(alternatives.toArray(byte[][]::new))));
        byte[] keyId = MessageDigest.getInstance("SHA-1").digest(spki);
        byte[] ski = Der.sequence(Der.oid("2.5.29.14"), Der.value(Der.OCTET_STRING, Der.value(Der.OCTET_STRING, keyId)));
        byte[] tbs = Der.sequence(
                Der.tagged(0, true, Der.integer(BigInteger.TWO)),                 // v3
                Der.integer(new BigInteger(63, new SecureRandom()).add(BigInteger.ONE)),
                algorithm,
                name,
                Der.sequence(Der.time(GENERALIZED.format(now.minus(Duration.ofHours(1)))),
                        Der.time(GENERALIZED.format(now.plus(validity)))),
                name,
                spki,
                Der.tagged(3, true, Der.sequence(san, ski)));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key.getPrivate());
        signer.update(tbs);
        byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
        parsed.verify(key.getPublic());
        return new SelfSignedCertificate(key, parsed);
    }
}

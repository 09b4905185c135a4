// SPDX-License-Identifier: Apache-2.0
package org.mailwire.server.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads and writes the PEM files operators have (RFC 7468): a certificate chain and an
 * unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}), RSA or EC.
 */
public final class PemFiles {

    private PemFiles() {
    }

    /**
     * Builds an in-memory key store from a certificate chain file and a key file.
     *
     * @param certificates the chain, leaf first
     * @param key          the private key, PKCS#8
     * @param password     the password the key entry gets in the returned store
     * @return a PKCS#12 key store with one entry, {@code server}
     * @throws IOException              if a file cannot be read or holds no PEM block
     * @throws GeneralSecurityException if a block does not decode
     */
    public static KeyStore keyStore(Path certificates, Path key, char[] password) throws IOException, GeneralSecurityException {
        List<byte[]> certs = blocks(Files.readString(certificates, StandardCharsets.US_ASCII), "CERTIFICATE");
        List<byte[]> keys = blocks(Files.readString(key, StandardCharsets.US_ASCII), "PRIVATE KEY");
        if (certs.isEmpty()) {
            throw new IOException(certificates + " holds no -----BEGIN CERTIFICATE----- block");
        }
        if (keys.size() != 1) {
            throw new IOException(key + " must hold one unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----);"
                    + " convert with: openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key");
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> chain = new ArrayList<>();
        for (byte[] der : certs) {
            chain.add(factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        PrivateKey privateKey = privateKey(keys.get(0), chain.get(0).getPublicKey().getAlgorithm());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", privateKey, password, chain.toArray(Certificate[]::new));
        return store;
    }

    /**
     * Writes a certificate and its key as PEM files; the key file is made readable by the owner
     * only where the file system has POSIX permissions.
     *
     * @param certificate the certificate
     * @param key         the private key
     * @param certFile    where the certificate goes
     * @param keyFile     where the key goes
     * @throws IOException if writing fails
     * @throws GeneralSecurityException if encoding fails
     */
    public static void write(Certificate certificate, PrivateKey key, Path certFile, Path keyFile)
            throws IOException, GeneralSecurityException {
        Files.writeString(certFile, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        Path part = keyFile.resolveSibling(keyFile.getFileName() + ".part");
        Files.deleteIfExists(part);
        try {
            Files.createFile(part, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(part);
        }
        Files.writeString(part, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        Files.move(part, keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    static List<byte[]> blocks(String text, String label) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        while ((at = text.indexOf(begin, at)) >= 0) {
            int stop = text.indexOf(end, at);
            if (stop < 0) {
                throw new IOException("unterminated PEM block " + label);
            }
            String body = text.substring(at + begin.length(), stop);
            try {
                out.add(Base64.getMimeDecoder().decode(body));
            } catch (IllegalArgumentException e) {
                throw new IOException("PEM block " + label + " is not base64");
            }
            at = stop + end.length();
        }
        return out;
    }

    private static PrivateKey privateKey(byte[] pkcs8, String algorithm) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }
}

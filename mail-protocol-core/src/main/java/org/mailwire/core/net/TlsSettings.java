// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * How one side of a connection speaks TLS: the {@link SSLContext}, the protocol versions, and for
 * clients whether the server's host name is verified.
 *
 * <p>Secure by default (RFC 8314 §5, SECURITY-CASES SEC-09): TLS 1.3 and 1.2 only, and clients
 * verify the certificate chain and the host name; turning verification off takes an explicit,
 * loudly named call. Instances are immutable.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8314#section-5">RFC 8314 §5</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6125">RFC 6125</a>
 */
public final class TlsSettings {

    /** The protocol versions enabled by default: TLS 1.3 and TLS 1.2 (RFC 8996 retires older). */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLContext context;
    private final boolean client;
    private final boolean verifyHostname;
    private final List<String> protocols;

    private TlsSettings(SSLContext context, boolean client, boolean verifyHostname, List<String> protocols) {
        this.context = Objects.requireNonNull(context, "context");
        this.client = client;
        this.verifyHostname = verifyHostname;
        this.protocols = List.copyOf(protocols);
        if (this.protocols.isEmpty()) {
            throw new IllegalArgumentException("no TLS protocol enabled");
        }
    }

    /**
     * Returns server-side settings over a context that holds the server's key.
     *
     * @param context an initialised context with a key manager
     * @return the settings
     */
    public static TlsSettings server(SSLContext context) {
        return new TlsSettings(context, false, false, DEFAULT_PROTOCOLS);
    }

    /**
     * Returns server-side settings with the key and certificate chain of a key store file
     * (PKCS#12 or JKS, detected by the JDK).
     *
     * @param keyStore the key store file
     * @param password its password, also the key's password
     * @return the settings
     * @throws IOException              if the file cannot be read
     * @throws GeneralSecurityException if the key store is invalid
     */
    public static TlsSettings server(Path keyStore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = load(keyStore, password);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return server(context);
    }

    /**
     * Returns client-side settings over a context, verifying the server's host name.
     *
     * @param context an initialised context whose trust managers check the server's chain
     * @return the settings
     */
    public static TlsSettings client(SSLContext context) {
        return new TlsSettings(context, true, true, DEFAULT_PROTOCOLS);
    }

    /**
     * Returns client-side settings that trust the certificates of a trust store, verifying the
     * server's host name.
     *
     * @param trustStore the trusted certificates
     * @return the settings
     * @throws GeneralSecurityException if the trust store cannot be used
     */
    public static TlsSettings client(KeyStore trustStore) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return client(context);
    }

    /**
     * Returns client-side settings with the JDK's default trust store, verifying the server's host
     * name.
     *
     * @return the settings
     * @throws GeneralSecurityException if the default context is unavailable
     */
    public static TlsSettings clientDefaults() throws GeneralSecurityException {
        return client(SSLContext.getDefault());
    }

    /**
     * Returns a copy that does not check that the server's certificate names the host connected
     * to. The chain is still verified by the context's trust managers. Only for peers reached by
     * address whose certificate is pinned by the trust store; never for mail submission.
     *
     * @return the changed copy
     */
    public TlsSettings withoutHostnameVerification() {
        return new TlsSettings(context, client, false, protocols);
    }

    /**
     * Returns a copy with other protocol versions enabled.
     *
     * @param enabled protocol names such as {@code "TLSv1.3"}
     * @return the changed copy
     */
    public TlsSettings withProtocols(String... enabled) {
        return new TlsSettings(context, client, verifyHostname, Arrays.asList(enabled));
    }

    /**
     * Tells whether these are client-side settings.
     *
     * @return {@code true} for a client
     */
    public boolean isClient() {
        return client;
    }

    /**
     * Tells whether a client checks the server's host name.
     *
     * @return {@code true} when host names are verified
     */
    public boolean verifiesHostname() {
        return verifyHostname;
    }

    /**
     * Returns the enabled protocol versions.
     *
     * @return the protocols
     */
    public List<String> protocols() {
        return protocols;
    }

    /**
     * Creates a server-side engine.
     *
     * @return a new engine in server mode
     */
    SSLEngine newServerEngine() {
        if (client) {
            throw new IllegalStateException("client settings used for a server");
        }
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(supported(engine));
        return engine;
    }

    /**
     * Creates a client-side engine for a server known by {@code host}.
     *
     * @param host the name the server's certificate must carry (also sent as SNI)
     * @param port the server's port
     * @return a new engine in client mode
     */
    SSLEngine newClientEngine(String host, int port) {
        if (!client) {
            throw new IllegalStateException("server settings used for a client");
        }
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(supported(engine));
        SSLParameters params = engine.getSSLParameters();
        if (verifyHostname) {
            // RFC 6125 host name check, done by the JDK's trust manager during the handshake.
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (host != null && !isAddressLiteral(host)) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(params);
        return engine;
    }

    private String[] supported(SSLEngine engine) {
        List<String> supported = Arrays.asList(engine.getSupportedProtocols());
        List<String> enabled = new ArrayList<>();
        for (String p : protocols) {
            if (supported.contains(p)) {
                enabled.add(p);
            }
        }
        if (enabled.isEmpty()) {
            throw new IllegalStateException("none of " + protocols + " is supported");
        }
        return enabled.toArray(String[]::new);
    }

    private static boolean isAddressLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true; // IPv6
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, password);
            return store;
        }
    }

    @Override
    public String toString() {
        return "TlsSettings[" + (client ? "client" : "server") + ", protocols=" + protocols
                + (client ? ", verifyHostname=" + verifyHostname : "") + "]";
    }
}

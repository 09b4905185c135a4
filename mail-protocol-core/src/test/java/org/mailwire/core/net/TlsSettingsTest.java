// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import org.mailwire.core.testfixtures.TestCertificates;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class TlsSettingsTest {

    @Test
    void clientsVerifyHostNamesByDefault() throws Exception {
        TlsSettings client = TlsSettings.clientDefaults();
        assertTrue(client.verifiesHostname());
        SSLEngine engine = client.newClientEngine("mail.example.org", 465);
        assertEquals("HTTPS", engine.getSSLParameters().getEndpointIdentificationAlgorithm());
        assertEquals(List.of(new SNIHostName("mail.example.org")), engine.getSSLParameters().getServerNames());
        assertTrue(engine.getUseClientMode());
    }

    @Test
    void turningVerificationOffIsExplicit() throws Exception {
        TlsSettings off = TlsSettings.clientDefaults().withoutHostnameVerification();
        assertFalse(off.verifiesHostname());
        SSLEngine engine = off.newClientEngine("mail.example.org", 465);
        assertEquals(null, engine.getSSLParameters().getEndpointIdentificationAlgorithm());
    }

    @Test
    void addressLiteralsAreNotSentAsSni() throws Exception {
        SSLEngine v4 = TlsSettings.clientDefaults().newClientEngine("127.0.0.1", 465);
        assertTrue(v4.getSSLParameters().getServerNames() == null || v4.getSSLParameters().getServerNames().isEmpty());
        SSLEngine v6 = TlsSettings.clientDefaults().newClientEngine("::1", 465);
        assertTrue(v6.getSSLParameters().getServerNames() == null || v6.getSSLParameters().getServerNames().isEmpty());
    }

    @Test
    void onlyTls12AndNewerByDefault() throws Exception {
        SSLEngine engine = TestCertificates.get().server().newServerEngine();
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, engine.getEnabledProtocols());
        assertFalse(engine.getUseClientMode());
    }

    @Test
    void sidesCannotBeMixedUp() throws Exception {
        TlsSettings client = TlsSettings.clientDefaults();
        TlsSettings server = TestCertificates.get().server();
        assertThrows(IllegalStateException.class, client::newServerEngine);
        assertThrows(IllegalStateException.class, () -> server.newClientEngine("x", 1));
        assertThrows(IllegalArgumentException.class, () -> NioServer.builder(c -> null, (c, e) -> { }).startTls(client));
        assertThrows(IllegalArgumentException.class, () -> NioClient.builder(c -> null, (c, e) -> { }).implicitTls(server));
    }

    @Test
    void refusesAnEmptyProtocolList() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> TlsSettings.clientDefaults().withProtocols());
        assertThrows(IllegalStateException.class,
                () -> TlsSettings.clientDefaults().withProtocols("SSLv2").newClientEngine("a.example", 1));
    }
}

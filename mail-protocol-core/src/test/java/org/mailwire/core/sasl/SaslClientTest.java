// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.core.Secret;

class SaslClientTest {

    private static final SaslCredentials PASSWORD = SaslCredentials.password("tim", Secret.of("tanstaaftanstaaf"));
    private static final SaslCredentials TOKEN = SaslCredentials.bearerToken("tim@example.com", Secret.of("abc"),
            "imap.example.com", 993);

    static Stream<Arguments> offers() {
        return Stream.of(
                Arguments.of(List.of("PLAIN", "LOGIN", "SCRAM-SHA-1", "SCRAM-SHA-256", "CRAM-MD5"), "SCRAM-SHA-256"),
                Arguments.of(List.of("LOGIN", "PLAIN", "SCRAM-SHA-1"), "SCRAM-SHA-1"),
                Arguments.of(List.of("LOGIN", "CRAM-MD5", "PLAIN"), "CRAM-MD5"),
                Arguments.of(List.of("LOGIN", "PLAIN", "XOAUTH2"), "PLAIN"),
                Arguments.of(List.of("login", "GSSAPI"), "LOGIN"),
                Arguments.of(List.of("scram-sha-256"), "SCRAM-SHA-256"));
    }

    @ParameterizedTest
    @MethodSource("offers")
    void picksTheStrongestOfferedPasswordMechanism(List<String> offered, String expected) {
        assertEquals(expected, SaslClient.strongest(offered, PASSWORD, SaslClientSettings.defaults())
                .orElseThrow().mechanismName());
    }

    @Test
    void picksNothingWhenNothingFits() {
        assertTrue(SaslClient.strongest(List.of("GSSAPI", "XOAUTH2"), PASSWORD, SaslClientSettings.defaults()).isEmpty());
        assertTrue(SaslClient.strongest(List.of("PLAIN", "SCRAM-SHA-256"), TOKEN, SaslClientSettings.defaults()).isEmpty());
        assertTrue(SaslClient.strongest(List.of(), PASSWORD, SaslClientSettings.defaults()).isEmpty());
    }

    @Test
    void oauthMechanismsOnlyWithAToken() {
        List<String> offered = List.of("PLAIN", "XOAUTH2", "OAUTHBEARER");
        assertEquals("OAUTHBEARER", SaslClient.strongest(offered, TOKEN, SaslClientSettings.defaults())
                .orElseThrow().mechanismName());
        assertEquals("XOAUTH2", SaslClient.strongest(List.of("XOAUTH2"), TOKEN, SaslClientSettings.defaults())
                .orElseThrow().mechanismName());
    }

    @Test
    void proxyCredentialsSkipMechanismsThatCannotCarryAnAuthzid() {
        SaslCredentials proxy = new SaslCredentials.Password("boss", "tim", Secret.of("x"));
        assertEquals("PLAIN", SaslClient.strongest(List.of("CRAM-MD5", "LOGIN", "PLAIN"), proxy,
                SaslClientSettings.defaults()).orElseThrow().mechanismName());
        assertEquals(Optional.empty(), SaslClient.of(SaslMechanism.LOGIN, proxy, SaslClientSettings.defaults()));
    }

    @Test
    void mechanismNamesRoundTrip() {
        for (SaslMechanism mechanism : SaslMechanism.values()) {
            assertEquals(Optional.of(mechanism), SaslMechanism.byName(mechanism.mechanismName()));
        }
        assertEquals(Optional.empty(), SaslMechanism.byName("SCRAM-SHA-256-PLUS"));
    }

    @Test
    void credentialsNeverPrintTheirSecrets() {
        assertTrue(!PASSWORD.toString().contains("tanstaaf"), PASSWORD.toString());
        assertTrue(!TOKEN.toString().contains("abc"), TOKEN.toString());
    }
}

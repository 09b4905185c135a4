// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailwire.core.protocol.Step;
import org.mailwire.imap.codec.ImapLimits;
import org.mailwire.store.UserMailboxes;

/** The IMAP rows of SECURITY-CASES.md (and TLS-01), each against the sans-IO session. */
class ImapSecurityCasesTest {

    private ImapDriver driver;

    @BeforeEach
    void setUp() throws Exception {
        driver = new ImapDriver();
        driver.user("fred", "pw");
    }

    private ImapDriver.Client client() {
        ImapDriver.Client c = driver.open("c", driver.plaintextSettings());
        c.take();
        return c;
    }

    private ImapDriver.Client loggedIn(ImapSessionSettings settings) {
        ImapDriver.Client c = driver.open("c", settings);
        c.send("l LOGIN fred pw\r\n");
        assertTrue(c.take().contains("l OK"));
        return c;
    }

    private static void assertUsable(ImapDriver.Client c) {
        c.send("z NOOP\r\n");
        assertEquals("z OK NOOP completed\r\n", c.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{4294967296}", "{18446744073709551616}", "{99999999999999999999}"})
    void imap01HugeLiteralSizesBeforeLoginAreRefusedWithoutContinuation(String literal) {
        ImapDriver.Client c = client();
        c.send("a LOGIN " + literal + "\r\n");
        String out = c.take();
        assertEquals("a NO [TOOBIG] Literal too large\r\n", out);
        assertUsable(c);
    }

    @Test
    void imap01NegativeLiteralSizeIsASyntaxError() {
        ImapDriver.Client c = client();
        c.send("a LOGIN {-1}\r\n");
        String out = c.take();
        assertTrue(out.startsWith("a BAD"), out);
        assertFalse(out.contains("+ "), out);
        assertUsable(c);
    }

    @Test
    void imap02PreAuthenticationLiteralCapIsEightKibibytes() {
        ImapDriver.Client c = client();
        long cap = ImapLimits.defaults().maxPreAuthLiteralSize();
        c.send("a LOGIN {" + (cap + 1) + "}\r\n");
        assertEquals("a NO [TOOBIG] Literal too large\r\n", c.take());
        c.send("b LOGIN {" + cap + "}\r\n");
        assertEquals("+ Ready for literal data\r\n", c.take());
        c.send("x".repeat((int) cap) + " pw\r\n");
        assertTrue(c.take().startsWith("b NO [AUTHENTICATIONFAILED]"));
    }

    @Test
    void imap03OversizedNonSynchronizingLiteralIsNeverReadAsCommands() {
        ImapDriver.Client c = loggedIn(driver.plaintextSettings()); // LITERAL- limits
        String payload = ("\r\nb LOGOUT\r\n" + "y".repeat(5000)).substring(0, 5000);
        c.send("a APPEND INBOX {5000+}\r\n" + payload + "\r\n");
        String out = c.take();
        assertEquals("a BAD [TOOBIG] Literal too large\r\n", out);
        assertFalse(c.closed);
        assertUsable(c);
    }

    @Test
    void imap04DeepParenthesesAreRefusedBeforeAndAfterLogin() {
        ImapDriver.Client c = client();
        c.send("a ID ((\"a\" \"b\"))\r\n");
        assertTrue(c.take().startsWith("a BAD"));
        c.send("l LOGIN fred pw\r\n");
        c.take();
        c.send("s SELECT INBOX\r\n");
        c.take();
        c.send("b FETCH 1 " + "(".repeat(129) + "FLAGS" + ")".repeat(129) + "\r\n");
        assertTrue(c.take().startsWith("b BAD"));
        c.send("c SEARCH " + "(".repeat(200) + "ALL" + ")".repeat(200) + "\r\n");
        assertTrue(c.take().startsWith("c BAD"));
        c.send("d FETCH 1 " + "(".repeat(100_000) + ")".repeat(100_000) + "\r\n");
        assertTrue(c.take().startsWith("d BAD [TOOBIG] Line too long"));
        assertUsable(c);
    }

    @Test
    void imap05EndlessLineEndsInByeAfterTheHardCap() {
        ImapDriver.Client c = client();
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        c.send("a ");
        for (int i = 0; i < 1600 && !c.closed; i++) { // up to 100 MiB
            c.send(chunk);
        }
        String out = c.take();
        assertTrue(out.startsWith("a BAD [TOOBIG] Line too long\r\n"), out.substring(0, Math.min(100, out.length())));
        assertTrue(out.endsWith("* BYE Line too long, closing\r\n"), out.substring(0, Math.min(100, out.length())));
        assertTrue(c.closed);
    }

    @Test
    void imap06TruncatedAppendLeavesTheMailboxUnchanged() throws Exception {
        ImapDriver.Client c = loggedIn(driver.plaintextSettings());
        c.send("a APPEND INBOX {1000}\r\n");
        assertEquals("+ Ready for literal data\r\n", c.take());
        c.send("x".repeat(500));
        c.eof();
        assertTrue(c.closed);
        assertEquals(0, driver.store.mailboxes("fred").open(UserMailboxes.INBOX).status().messages());
    }

    @Test
    void imap06TruncatedLargeAppendDiscardsItsSpool() throws Exception {
        int[] discarded = {0};
        MessageSpool counting = size -> {
            MessageSpool.Spooled inner = MessageSpool.inMemory().open(size);
            return new MessageSpool.Spooled() {
                @Override
                public void accept(java.nio.ByteBuffer chunk) {
                    inner.accept(chunk);
                }

                @Override
                public org.mailwire.store.MessageSource source() throws java.io.IOException {
                    return inner.source();
                }

                @Override
                public void discard() {
                    discarded[0]++;
                }
            };
        };
        ImapDriver.Client c = loggedIn(driver.plaintextSettings().withSpool(counting));
        c.send("a APPEND INBOX {100000}\r\n");
        c.take();
        c.send("x".repeat(70_000));
        c.eof();
        assertEquals(1, discarded[0]);
        assertEquals(0, driver.store.mailboxes("fred").open(UserMailboxes.INBOX).status().messages());
    }

    @Test
    void imap07CommandPipelinedAfterLiteralPlusIsAnswered() {
        ImapSessionSettings s = driver.plaintextSettings();
        ImapDriver.Client c = loggedIn(s.withLimits(s.limits().withMaxNonSyncLiteralSize(s.limits().maxLiteralSize())));
        c.send("a APPEND INBOX {5+}\r\nhello\r\nb NOOP\r\n");
        String out = c.take();
        assertTrue(out.contains("a OK [APPENDUID"), out);
        assertTrue(out.endsWith("b OK NOOP completed\r\n"), out);
    }

    @Test
    void imap09NulUnterminatedAndEightBitStringsAreBad() {
        ImapDriver.Client c = client();
        c.send("a LOGIN \"u\0\" p\r\n");
        assertTrue(c.take().startsWith("a BAD"));
        c.send("b LOGIN \"u\\\r\n");
        assertTrue(c.take().startsWith("b BAD"));
        c.send("c LOGIN \"f\u00e9\" p\r\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(c.take().startsWith("c BAD"));
        assertUsable(c);
    }

    @Test
    void imap10GarbageIsBadAndTooManyErrorsEndInBye() {
        ImapDriver.Client c = driver.open("c", driver.plaintextSettings().withMaxErrors(5));
        c.take();
        c.send("\r\n");
        assertTrue(c.take().startsWith("* BAD"));
        c.send("+ NOOP\r\n");
        assertTrue(c.take().startsWith("* BAD"));
        c.send("a SELECT INBOX\r\n");
        assertEquals("a BAD Command not valid before authentication\r\n", c.take());
        c.send("a FOO\r\n");
        assertTrue(c.take().startsWith("a BAD"));
        assertFalse(c.closed);
        c.send("* NOOP\r\n");
        String out = c.take();
        assertTrue(out.endsWith("* BYE Too many errors, closing\r\n"), out);
        assertTrue(c.closed);
    }

    @Test
    void imap11CleartextSessionRefusesPlaintextCredentials() {
        ImapSessionSettings tls = ImapSessionSettings.of(driver.store).withTls(true, false)
                .withSasl(org.mailwire.core.sasl.SaslServer.of(driver.store.authenticator(),
                        org.mailwire.core.sasl.SaslServerSettings.defaults("localhost")));
        ImapDriver.Client c = driver.open("c", tls);
        String greeting = c.take();
        assertTrue(greeting.contains("STARTTLS") && greeting.contains("LOGINDISABLED"), greeting);
        assertFalse(greeting.contains("AUTH=PLAIN"), greeting);
        c.send("a LOGIN fred pw\r\n");
        assertEquals("a NO [PRIVACYREQUIRED] LOGIN needs TLS first\r\n", c.take());
        c.send("b AUTHENTICATE PLAIN\r\n");
        assertEquals("b NO [PRIVACYREQUIRED] This mechanism needs TLS first\r\n", c.take());
        assertEquals(org.mailwire.imap.protocol.ImapState.NOT_AUTHENTICATED, c.session.state());
    }

    @Test
    void tls01CommandsPipelinedAfterStartTlsAreDropped() {
        ImapSessionSettings tls = ImapSessionSettings.of(driver.store).withTls(true, false);
        ImapDriver.Client c = driver.open("c", tls);
        c.take();
        c.send("a STARTTLS\r\nb CAPABILITY\r\n");
        assertEquals("a OK Begin TLS negotiation now\r\n", c.take());
        assertEquals(1, c.tlsUpgrades);
        c.send("d NOOP\r\n");
        assertEquals("d OK NOOP completed\r\n", c.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE ../../etc", "SELECT \"../x\"", "CREATE \"a/../../b\"", "SELECT &Jjo",
            "CREATE /abs", "DELETE ..", "RENAME INBOX ../x"})
    void imap12NamesOutsideTheHierarchyAreRefused(String command) throws Exception {
        ImapDriver.Client c = loggedIn(driver.plaintextSettings());
        c.send("a " + command + "\r\n");
        String out = c.take();
        assertTrue(out.startsWith("a NO") || out.startsWith("a BAD"), out);
        assertUsable(c);
        for (var info : driver.store.mailboxes("fred").list()) {
            assertFalse(info.name().contains(".."), info.name());
        }
    }

    @Test
    void imap12VeryLongNameIsRefused() {
        ImapDriver.Client c = loggedIn(driver.plaintextSettings());
        c.send("a CREATE {10000}\r\n");
        c.take();
        c.send("n".repeat(10_000) + "\r\n");
        assertEquals("a NO [CANNOT] Invalid mailbox name\r\n", c.take());
    }

    @Test
    void imap17IdleWaitsUnderTheIdleTimeoutNotTheCommandDeadline() {
        ImapDriver.Client c = loggedIn(driver.plaintextSettings());
        c.send("s SELECT INBOX\r\n");
        c.take();
        c.send("i IDLE\r\n");
        assertEquals("+ idling\r\n", c.take());
        assertEquals(new Step.NeedInput<ImapEvent>(false), c.session.next());
        c.session.receiveTimeout();
        c.pump();
        assertEquals("* BYE Autologout; idle for too long\r\n", c.take());
        assertTrue(c.closed);
    }

    @Test
    void shutdownSaysBye() {
        ImapDriver.Client c = client();
        c.session.receiveShutdown();
        c.pump();
        assertEquals("* BYE Server shutting down\r\n", c.take());
        assertTrue(c.closed);
    }

    @Test
    void imap10ErrorLimitClosesAtTheLimitNotBefore() {
        ImapDriver.Client c = driver.open("c", driver.plaintextSettings().withMaxErrors(3));
        c.take();
        c.send("a FOO\r\nb FOO\r\n");
        c.take();
        assertFalse(c.closed, "two errors of three");
        c.send("c FOO\r\n");
        assertTrue(c.take().endsWith("* BYE Too many errors, closing\r\n"));
        assertTrue(c.closed);
    }
}

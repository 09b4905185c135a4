// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.imap.internal.message.TestMessages.crlf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwire.core.Secret;
import org.mailwire.core.mime.MimeLimits;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.types.Address;
import org.mailwire.imap.types.Envelope;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Section;
import org.mailwire.store.AppendResult;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MessageNotFoundException;
import org.mailwire.store.MessageSource;

/** MessageView: one parse per view, envelopes with groups, object ids, and reading through a real store. */
class MessageViewTest {

    @Test
    void parsesOnceForManyItemsAndKeys() throws Exception {
        TestMessages.CountingOpener opener = new TestMessages.CountingOpener(FetchSectionTest.NESTED
                .getBytes(StandardCharsets.US_ASCII));
        MessageView view = MessageView.of(new org.mailwire.store.MessageInfo(1, 1, Flags.none(), TestMessages.DATE,
                opener.message.length), opener, MimeLimits.defaults());
        FetchRenderer renderer = FetchRenderer.of(ZoneOffset.UTC);
        renderer.render(FetchItem.Simple.EMAILID, view);
        renderer.render(FetchItem.Simple.ENVELOPE, view);
        renderer.render(FetchItem.Simple.BODYSTRUCTURE, view);
        renderer.render(FetchItem.Simple.BODY, view);
        renderer.render(FetchItem.Simple.THREADID, view);
        SearchMatcher.of(new org.mailwire.imap.types.SearchKey.Header("Subject", "x"),
                SearchContext.of(1, 1, ZoneOffset.UTC)).matches(SearchSubject.of(1, view, false));
        assertEquals(1, opener.opens.get());
        assertEquals(opener.message.length, opener.read.get());
    }

    @Test
    void groupsBecomeStartAndEndMarkersAsRfc9051Says() throws Exception {
        MessageView view = TestMessages.view(crlf("From: Ann <ann@example.org>",
                "To: Friends: bob@example.org, Carl <carl@example.org>;, dan@example.org",
                "Cc: undisclosed-recipients:;", "Bcc: nodomain", "", "x"));
        Envelope e = view.envelope();
        Optional<String> nil = Optional.empty();
        assertEquals(List.of(
                new Address(nil, nil, Optional.of("Friends"), nil),
                new Address(nil, nil, Optional.of("bob"), Optional.of("example.org")),
                new Address(Optional.of("Carl"), nil, Optional.of("carl"), Optional.of("example.org")),
                new Address(nil, nil, nil, nil),
                new Address(nil, nil, Optional.of("dan"), Optional.of("example.org"))), e.to());
        assertEquals(List.of(new Address(nil, nil, Optional.of("undisclosed-recipients"), nil),
                new Address(nil, nil, nil, nil)), e.cc());
        // Without a domain the host is an empty string: NIL would read as a group marker.
        assertEquals(List.of(new Address(nil, nil, Optional.of("nodomain"), Optional.of(""))), e.bcc());
        // Sender and Reply-To default to From (RFC 9051 §7.5.2).
        assertEquals(e.from(), e.sender());
        assertEquals(e.from(), e.replyTo());
    }

    @Test
    void emailIdDependsOnTheOctetsOnly() throws Exception {
        byte[] message = crlf("Message-ID: <x@y>", "", "hello").getBytes(StandardCharsets.US_ASCII);
        MessageView a = TestMessages.view(message, 1, Flags.none(), TestMessages.DATE);
        MessageView b = TestMessages.view(message, 99, Flags.of(org.mailwire.store.Flag.SEEN), Instant.EPOCH);
        MessageView c = TestMessages.view(crlf("Message-ID: <x@y>", "", "hellO").getBytes(StandardCharsets.US_ASCII),
                1, Flags.none(), TestMessages.DATE);
        assertEquals(a.emailId(), b.emailId());
        assertNotEquals(a.emailId(), c.emailId());
        assertTrue(a.emailId().matches("M[0-9a-f]{24}"));
        FetchRenderer renderer = FetchRenderer.of(ZoneOffset.UTC);
        assertEquals(new FetchData.EmailId(a.emailId()), renderer.render(FetchItem.Simple.EMAILID, a).data());
    }

    @Test
    void threadIdIsTheRootMessageIdsSoRepliesShareIt() throws Exception {
        MessageView root = TestMessages.view(crlf("Message-ID: <root@x>", "", "a"));
        MessageView reply = TestMessages.view(crlf("Message-ID: <r1@x>", "In-Reply-To: <root@x>", "", "b"));
        MessageView deeper = TestMessages.view(crlf("Message-ID: <r2@x>", "In-Reply-To: <r1@x>",
                "References: <root@x> <r1@x>", "", "c"));
        MessageView other = TestMessages.view(crlf("Message-ID: <other@x>", "", "d"));
        MessageView none = TestMessages.view(crlf("Subject: no ids", "", "e"));
        assertEquals(root.threadId(), reply.threadId());
        assertEquals(root.threadId(), deeper.threadId());
        assertNotEquals(root.threadId(), other.threadId());
        assertEquals("T" + none.emailId().substring(1), none.threadId());
        assertEquals(new FetchData.ThreadId(Optional.of(root.threadId())),
                FetchRenderer.of(ZoneOffset.UTC).render(FetchItem.Simple.THREADID, root).data());
    }

    @Test
    void internalDateIsWrittenInTheRenderersZone() throws Exception {
        MessageView view = TestMessages.view("x\r\n");
        assertEquals("* 1 FETCH (INTERNALDATE \"17-Jul-1996 09:44:25 +0000\")\r\n",
                TestMessages.wire(1, FetchRenderer.of(ZoneOffset.UTC).render(FetchItem.Simple.INTERNALDATE, view).data()));
        assertEquals("* 1 FETCH (INTERNALDATE \"17-Jul-1996 11:44:25 +0200\")\r\n", TestMessages.wire(1,
                FetchRenderer.of(java.time.ZoneId.of("Europe/Berlin")).render(FetchItem.Simple.INTERNALDATE, view).data()));
    }

    @Test
    void readsThroughAStoreAndReportsAnExpungedMessage() throws Exception {
        MailStore store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000)
                .withScramIterations(4096));
        store.createUser("alice@example.test", Secret.of("secret"));
        Mailbox inbox = store.mailboxes("alice@example.test").open("INBOX");
        byte[] message = FetchSectionTest.NESTED.getBytes(StandardCharsets.US_ASCII);
        AppendResult appended = inbox.append(MessageSource.of(message), Flags.none(), TestMessages.DATE);
        MessageView view = MessageView.of(inbox.message(appended.uid()).orElseThrow(),
                ContentOpener.of(inbox, appended.uid()), MimeLimits.defaults());
        assertEquals("part 4.2.2.1", FetchSectionTest.fetch(view, "4.2.2.1"));
        RenderedItem streamed = FetchRenderer.of(ZoneOffset.UTC, 0).render(
                new FetchItem.BodySection(Section.ALL, Optional.empty(), true), view);
        assertEquals(FetchSectionTest.NESTED,
                new String(TestMessages.readAll(streamed.streamed().orElseThrow()), StandardCharsets.US_ASCII));
        inbox.storeFlags(org.mailwire.store.UidSet.of(appended.uid()), org.mailwire.store.FlagOperation.ADD,
                Flags.of(org.mailwire.store.Flag.DELETED), java.util.OptionalLong.empty());
        inbox.expunge();
        ContentOpener.ContentUnavailableException gone = assertThrows(ContentOpener.ContentUnavailableException.class,
                () -> ContentOpener.of(inbox, appended.uid()).open());
        assertInstanceOf(MessageNotFoundException.class, gone.storeException());
    }

    @Test
    void theDefaultRangeOpenSkipsAndCuts() throws Exception {
        byte[] bytes = "0123456789".getBytes(StandardCharsets.US_ASCII);
        ContentOpener plain = () -> new java.io.ByteArrayInputStream(bytes);
        assertEquals("345", new String(plain.open(3, 3).readAllBytes(), StandardCharsets.US_ASCII));
        assertEquals("89", new String(plain.open(8, 30).readAllBytes(), StandardCharsets.US_ASCII));
        assertEquals("", new String(plain.open(30, 3).readAllBytes(), StandardCharsets.US_ASCII));
    }
}

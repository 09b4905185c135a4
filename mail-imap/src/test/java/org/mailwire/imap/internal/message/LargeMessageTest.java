// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailwire.core.mime.MimeLimits;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.Fragment;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Partial;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.Section;
import org.mailwire.store.Flags;
import org.mailwire.store.MessageInfo;

/** A 10 MB message rendered and searched with bounded memory: sections stream, search decodes in chunks. */
class LargeMessageTest {

    private static final FetchRenderer RENDERER = FetchRenderer.of(ZoneOffset.UTC);
    private static byte[] message;
    private static byte[] attachment;
    private static int textPartSize;

    @BeforeAll
    static void build() {
        StringBuilder text = new StringBuilder(5_300_000);
        // Quoted-printable lines with soft breaks; the needle is split by a soft line break.
        String line = "The quick brown fox jumps over the lazy dog, caf=C3=A9 au lait. 0123456789=\r\n";
        while (text.length() < 5_000_000) {
            text.append(line);
        }
        text.append("the hidden ne=\r\nedle at the end\r\n");
        textPartSize = text.length();
        attachment = new byte[3_750_000];
        for (int i = 0; i < attachment.length; i++) {
            attachment[i] = (byte) (i * 31 + (i >> 8));
        }
        String b64 = Base64.getMimeEncoder().encodeToString(attachment);
        String m = TestMessages.crlf("From: big@example.org", "Subject: large", "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"BIG\"", "", "--BIG",
                "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "")
                + text + TestMessages.crlf("--BIG", "Content-Type: application/octet-stream",
                        "Content-Transfer-Encoding: base64", "", b64, "--BIG--");
        message = m.getBytes(StandardCharsets.UTF_8);
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static MessageView view(TestMessages.CountingOpener opener) {
        return MessageView.of(new MessageInfo(1, 1, Flags.none(), TestMessages.DATE, message.length), opener,
                MimeLimits.defaults());
    }

    @Test
    void theMessageIsAboutTenMegabytes() {
        assertTrue(message.length > 10_000_000, "size " + message.length);
    }

    @Test
    void envelopeAndHeaderKeysReadOnlyTheHeader() throws Exception {
        TestMessages.CountingOpener opener = new TestMessages.CountingOpener(message);
        MessageView view = view(opener);
        RENDERER.render(FetchItem.Simple.ENVELOPE, view);
        assertTrue(SearchMatcher.of(new SearchKey.Contains(SearchKey.Field.SUBJECT, "LARGE"),
                SearchContext.of(1, 1, ZoneOffset.UTC)).matches(SearchSubject.of(1, view, false)));
        Sorter.of(List.of(new org.mailwire.imap.codec.ImapCommand.SortCriterion(false,
                org.mailwire.imap.codec.ImapCommand.SortKey.DATE))).sort(List.of(SearchSubject.of(1, view, false)));
        assertEquals(1, opener.opens.get());
        assertTrue(opener.read.get() <= 8192, "read " + opener.read.get());
        assertFalse(view.isParsed());
    }

    @Test
    void wholeBodyIsStreamedNotHeld() throws Exception {
        TestMessages.CountingOpener opener = new TestMessages.CountingOpener(message);
        MessageView view = view(opener);
        long before = allocated();
        RenderedItem item = RENDERER.render(new FetchItem.BodySection(Section.ALL, Optional.empty(), true), view);
        long used = allocated() - before;
        assertTrue(used < 2_000_000, "rendering allocated " + used + " bytes");
        assertFalse(view.isParsed(), "BODY[] needs no parse: the store knows the size");
        FetchData.BodySection data = (FetchData.BodySection) item.data();
        assertEquals(Optional.of(new Fragment.StreamedLiteral(message.length, true, false)), data.data());
        assertEquals(message.length, item.streamed().orElseThrow().size());
        assertArrayEquals(message, TestMessages.readAll(item.streamed().orElseThrow()));
    }

    @Test
    void aPartialOfALargePartReadsOnlyItsRange() throws Exception {
        TestMessages.CountingOpener opener = new TestMessages.CountingOpener(message);
        MessageView view = view(opener);
        view.parsed();
        long afterParse = opener.read.get();
        RenderedItem item = RENDERER.render(new FetchItem.BodySection(Section.of(null, 1), Optional.of(
                new Partial(4_000_000, 100)), true), view);
        assertEquals(100, opener.read.get() - afterParse);
        String text = FetchRendererTest.text(item);
        assertEquals(100, text.length());
        RenderedItem big = RENDERER.render(new FetchItem.BodySection(Section.of(null, 1), Optional.of(
                new Partial(1_000_000, 2_000_000)), true), view);
        assertEquals(2_000_000, big.streamed().orElseThrow().size());
        long beforeStream = opener.read.get();
        byte[] streamed = TestMessages.readAll(big.streamed().orElseThrow());
        assertEquals(2_000_000, opener.read.get() - beforeStream);
        int partStart = (int) view.parsed().part("1").orElseThrow().body().start();
        assertArrayEquals(Arrays.copyOfRange(message, partStart + 1_000_000, partStart + 3_000_000), streamed);
    }

    @Test
    void binaryOfALargeAttachmentIsDecodedWhileStreaming() throws Exception {
        MessageView view = view(new TestMessages.CountingOpener(message));
        assertEquals(new FetchData.BinarySize(List.of(2L), attachment.length),
                RENDERER.render(new FetchItem.BinarySize(List.of(2L)), view).data());
        long before = allocated();
        RenderedItem item = RENDERER.render(new FetchItem.Binary(List.of(2L), Optional.empty(), true), view);
        StreamedSection streamed = item.streamed().orElseThrow();
        assertTrue(streamed.binary());
        long sizing = allocated() - before;
        ByteArrayOutputStream out = new ByteArrayOutputStream(attachment.length);
        try (InputStream in = streamed.open()) {
            in.transferTo(out);
        }
        assertTrue(sizing < 1_000_000, "sizing the decoded part allocated " + sizing);
        assertArrayEquals(attachment, out.toByteArray());
        RenderedItem slice = RENDERER.render(new FetchItem.Binary(List.of(2L), Optional.of(new Partial(3_000_000, 10)),
                true), view);
        Fragment.Literal literal = (Fragment.Literal) ((FetchData.Binary) slice.data()).data().orElseThrow();
        assertArrayEquals(Arrays.copyOfRange(attachment, 3_000_000, 3_000_010), literal.toByteArray());
    }

    @Test
    void bodySearchDecodesInChunksWithBoundedMemory() throws Exception {
        MessageView view = view(new TestMessages.CountingOpener(message));
        view.parsed();
        SearchContext context = SearchContext.of(1, 1, ZoneOffset.UTC);
        SearchSubject subject = SearchSubject.of(1, view, false);
        long before = allocated();
        assertTrue(SearchMatcher.of(new SearchKey.Contains(SearchKey.Field.BODY, "HIDDEN NEEDLE"), context).matches(subject));
        long used = allocated() - before;
        assertTrue(used < 1_000_000, "searching " + textPartSize + " octets of text allocated " + used);
        assertTrue(SearchMatcher.of(new SearchKey.Contains(SearchKey.Field.TEXT, "café au lait"), context).matches(subject));
        assertFalse(SearchMatcher.of(new SearchKey.Contains(SearchKey.Field.BODY, "not there at all"), context)
                .matches(subject));
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwire.core.mime.MimeLimits;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.types.BodyStructure;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.Section;
import org.mailwire.store.Flags;
import org.mailwire.store.MessageInfo;

/** Hostile messages and mailboxes stay within MimeLimits and Threader.MAX_DEPTH, in bounded time. */
class HostileMessageTest {

    private static final FetchRenderer RENDERER = FetchRenderer.of(ZoneOffset.UTC);

    private static MessageView view(byte[] message, MimeLimits limits) {
        return MessageView.of(new MessageInfo(1, 1, Flags.none(), TestMessages.DATE, message.length),
                TestMessages.opener(message), limits);
    }

    private static int depth(BodyStructure body) {
        if (body instanceof BodyStructure.MultiPart m) {
            return 1 + m.parts().stream().mapToInt(HostileMessageTest::depth).max().orElse(0);
        }
        BodyStructure.SinglePart s = (BodyStructure.SinglePart) body;
        return 1 + s.message().map(m -> depth(m.body())).orElse(0);
    }

    @Test
    void deeplyNestedMultipartsStopAtTheNestingLimit() throws Exception {
        StringBuilder sb = new StringBuilder();
        int levels = 5000;
        for (int i = 0; i < levels; i++) {
            sb.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
        }
        sb.append("Content-Type: text/plain\r\n\r\ndeep\r\n");
        for (int i = levels - 1; i >= 0; i--) {
            sb.append("--b").append(i).append("--\r\n");
        }
        MimeLimits limits = MimeLimits.defaults().withMaxNestingDepth(50);
        MessageView view = view(sb.toString().getBytes(StandardCharsets.US_ASCII), limits);
        BodyStructure structure = ((FetchData.Body) RENDERER.render(FetchItem.Simple.BODYSTRUCTURE, view).data()).body();
        assertTrue(depth(structure) <= 51, "depth " + depth(structure));
        assertTrue(new ImapResponse.Fetch(1, List.of(new FetchData.Body(structure, true))).toBytes().length > 0);
        assertTrue(SearchMatcher.of(new SearchKey.Contains(SearchKey.Field.TEXT, "nothing"),
                SearchContext.of(1, 1, ZoneOffset.UTC)).matches(SearchSubject.of(1, view, false)) == false);
    }

    @Test
    void deeplyNestedMessagesStopAtTheNestingLimit() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            sb.append("Subject: level ").append(i).append("\r\nContent-Type: message/rfc822\r\n\r\n");
        }
        sb.append("Subject: bottom\r\n\r\nbottom\r\n");
        MessageView view = view(sb.toString().getBytes(StandardCharsets.US_ASCII), MimeLimits.defaults());
        BodyStructure structure = view.bodyStructure(true);
        assertTrue(depth(structure) <= MimeLimits.defaults().maxNestingDepth() + 1, "depth " + depth(structure));
        SearchSubject subject = SearchSubject.of(1, view, false);
        SearchContext context = SearchContext.of(1, 1, ZoneOffset.UTC);
        assertTrue(SearchMatcher.of(new SearchKey.Contains(SearchKey.Field.BODY, "level 7"), context).matches(subject));
    }

    @Test
    void aHugeHeaderIsFilteredAndSearchedOnlyUpToTheHeaderLimit() throws Exception {
        StringBuilder sb = new StringBuilder("Subject: first\r\n");
        while (sb.length() < 3_000_000) {
            sb.append("X-Filler: ").append("f".repeat(200)).append("\r\n");
        }
        sb.append("X-Late: beyond the limit\r\n\r\nbody\r\n");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
        MimeLimits limits = MimeLimits.defaults();
        TestMessages.CountingOpener opener = new TestMessages.CountingOpener(bytes);
        MessageView view = MessageView.of(new MessageInfo(1, 1, Flags.none(), TestMessages.DATE, bytes.length), opener,
                limits);
        view.parsed();
        long before = opener.read.get();
        String fields = FetchSectionTest.fetch(view, "HEADER.FIELDS (Subject X-Late)");
        assertEquals("Subject: first\r\n\r\n", fields);
        assertTrue(opener.read.get() - before <= limits.maxHeaderBlockBytes());
        RenderedItem header = RENDERER.render(new FetchItem.BodySection(Section.of(Section.Text.HEADER),
                Optional.empty(), true), view);
        assertEquals(bytes.length - 6, header.streamed().orElseThrow().size());
        assertTrue(SearchMatcher.of(new SearchKey.Header("subject", "FIRST"), SearchContext.of(1, 1, ZoneOffset.UTC))
                .matches(SearchSubject.of(1, view, false)));
    }

    @Test
    void manyPartsAreRecordedUpToThePartLimit() throws Exception {
        StringBuilder sb = new StringBuilder("Content-Type: multipart/mixed; boundary=p\r\n\r\n");
        for (int i = 0; i < 30_000; i++) {
            sb.append("--p\r\n\r\nx\r\n");
        }
        sb.append("--p--\r\n");
        MessageView view = view(sb.toString().getBytes(StandardCharsets.US_ASCII), MimeLimits.defaults());
        BodyStructure.MultiPart structure = (BodyStructure.MultiPart) view.bodyStructure(false);
        assertTrue(structure.parts().size() <= MimeLimits.defaults().maxParts(), "parts " + structure.parts().size());
        assertEquals(null, FetchSectionTest.fetch(view, "20000"));
    }

    private static SearchSubject reply(long seq, String references) {
        byte[] bytes = ("Message-ID: <m" + seq + "@x>\r\n" + references + "Subject: chain\r\n\r\nx\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        MessageInfo info = new MessageInfo(seq, 1, Flags.none(), Instant.ofEpochSecond(seq * 60), bytes.length);
        return SearchSubject.of(seq, MessageView.of(info, TestMessages.opener(bytes), MimeLimits.defaults()), false);
    }

    private static int nesting(ImapResponse.ThreadNode node) {
        int deepest = 0;
        for (ImapResponse.ThreadNode b : node.branches()) {
            deepest = Math.max(deepest, nesting(b));
        }
        return node.members().size() + deepest;
    }

    @Test
    void aLongReplyChainThreadsInBoundedTimeAndDepth() {
        int n = 20_000;
        List<SearchSubject> chain = new ArrayList<>();
        for (long seq = 1; seq <= n; seq++) {
            chain.add(reply(seq, seq == 1 ? "" : "In-Reply-To: <m" + (seq - 1) + "@x>\r\n"));
        }
        List<SearchSubject> reversed = new ArrayList<>(chain);
        java.util.Collections.reverse(reversed);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (List<SearchSubject> order : List.of(chain, reversed)) {
                List<ImapResponse.ThreadNode> threads = Threader.thread(Threader.Algorithm.REFERENCES, order,
                        SearchSubject::sequenceNumber);
                long count = 0;
                for (ImapResponse.ThreadNode t : threads) {
                    assertTrue(nesting(t) <= Threader.MAX_DEPTH + 1, "nesting " + nesting(t));
                    count += count(t);
                }
                assertEquals(n, count);
                assertTrue(new ImapResponse.Thread(threads).toBytes().length > n);
            }
        });
    }

    private static long count(ImapResponse.ThreadNode node) {
        long c = node.members().size();
        for (ImapResponse.ThreadNode b : node.branches()) {
            c += count(b);
        }
        return c;
    }

    private static List<ImapResponse.ThreadNode> chain(int n, boolean reversed) throws Exception {
        List<SearchSubject> chain = new ArrayList<>();
        for (long seq = 1; seq <= n; seq++) {
            chain.add(reply(seq, seq == 1 ? "" : "In-Reply-To: <m" + (seq - 1) + "@x>\r\n"));
        }
        if (reversed) {
            java.util.Collections.reverse(chain);
        }
        return Threader.thread(Threader.Algorithm.REFERENCES, chain, SearchSubject::sequenceNumber);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aChainAtTheDepthLimitStaysOneChain(boolean reversed) throws Exception {
        List<ImapResponse.ThreadNode> threads = chain(Threader.MAX_DEPTH, reversed);
        assertEquals(1, threads.size());
        assertEquals(Threader.MAX_DEPTH, threads.get(0).members().size());
        assertTrue(threads.get(0).branches().isEmpty());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aChainPastTheDepthLimitKeepsEveryMessageWithinTheLimit(boolean reversed) throws Exception {
        int n = Threader.MAX_DEPTH + 5;
        List<ImapResponse.ThreadNode> threads = chain(n, reversed);
        long count = 0;
        for (ImapResponse.ThreadNode t : threads) {
            assertTrue(nesting(t) <= Threader.MAX_DEPTH + 1, "nesting " + nesting(t));
            count += count(t);
        }
        assertEquals(n, count);
    }

    @Test
    void messageIdsStopAtTheirLimits() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < MessageIds.MAX_IDS + 10; i++) {
            many.append("<id").append(i).append("@x> ");
        }
        assertEquals(MessageIds.MAX_IDS, MessageIds.parse(many.toString()).size());
        String atLimit = "a".repeat(MessageIds.MAX_ID);
        assertEquals(List.of(atLimit), MessageIds.parse("<" + atLimit + ">"));
        assertEquals(List.of(), MessageIds.parse("<" + atLimit + "a>"));
        assertEquals(List.of("a@b", "c@d"), MessageIds.parse(" <a@b> junk <broken <c@d>"));
        assertEquals(List.of("bare@id"), MessageIds.parse("bare@id (comment)"));
    }

    @Test
    void headerFieldsSeeWholeLinesUpToTheHeaderLimit() throws Exception {
        String head = "Subject: s\r\nX-Pad: " + "p".repeat(50) + "\r\n";
        String last = "X-Last: end\r\n";
        byte[] bytes = (head + last + "\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        int atLimit = head.length() + last.length();
        MessageView fits = view(bytes, MimeLimits.defaults().withMaxHeaderBlockBytes(atLimit));
        assertEquals("X-Last: end\r\n\r\n", FetchSectionTest.fetch(fits, "HEADER.FIELDS (X-Last)"));
        MessageView cut = view(bytes, MimeLimits.defaults().withMaxHeaderBlockBytes(atLimit - 1));
        assertEquals("\r\n", FetchSectionTest.fetch(cut, "HEADER.FIELDS (X-Last)"));
        assertEquals("Subject: s\r\n\r\n", FetchSectionTest.fetch(cut, "HEADER.FIELDS (Subject)"));
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailwire.imap.internal.message.ThreadAndSortMailbox.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwire.imap.codec.ImapResponse;

/** THREAD=ORDEREDSUBJECT and THREAD=REFERENCES (RFC 5256 §3, §4). */
class ThreaderTest {

    static String thread(Threader.Algorithm algorithm, List<SearchSubject> messages) throws Exception {
        List<ImapResponse.ThreadNode> threads = Threader.thread(algorithm, messages, SearchSubject::sequenceNumber);
        return new String(new ImapResponse.Thread(threads).toBytes(), StandardCharsets.US_ASCII).strip();
    }

    @Test
    void referencesBuildsTreesDummiesAndMergesBySubject() throws Exception {
        assertEquals("* THREAD (1 (2 3)(4))(5 8)((6)(7))",
                thread(Threader.Algorithm.REFERENCES, ThreadAndSortMailbox.threads()));
    }

    @Test
    void referencesDoesNotDependOnTheOrderMessagesAreGiven() throws Exception {
        List<SearchSubject> shuffled = new ArrayList<>(ThreadAndSortMailbox.threads());
        Collections.reverse(shuffled);
        assertEquals("* THREAD (1 (2 3)(4))(5 8)((6)(7))", thread(Threader.Algorithm.REFERENCES, shuffled));
    }

    @Test
    void orderedSubjectGroupsByBaseSubjectUnderTheFirstMessage() throws Exception {
        assertEquals("* THREAD (1 (2)(3)(4))(5 8)(6)(7)",
                thread(Threader.Algorithm.ORDEREDSUBJECT, ThreadAndSortMailbox.threads()));
    }

    @Test
    void threadsAreOrderedBySentDateAndUidsCanNameThem() throws Exception {
        List<SearchSubject> messages = List.of(
                message(1, 9, "Subject: late", "2024-02-01T00:00:00Z"),
                message(2, 2, "Subject: early", "2024-02-01T00:00:00Z"),
                // No Date: the internal date stands in (RFC 5256 §2.2).
                message(3, 0, "Subject: middle", "2024-01-05T00:00:00Z"));
        assertEquals("* THREAD (2)(3)(1)", thread(Threader.Algorithm.ORDEREDSUBJECT, messages));
        List<ImapResponse.ThreadNode> byUid = Threader.thread(Threader.Algorithm.REFERENCES, messages,
                s -> s.view().uid());
        assertEquals("* THREAD (20)(30)(10)",
                new String(new ImapResponse.Thread(byUid).toBytes(), StandardCharsets.US_ASCII).strip());
    }

    @Test
    void referenceLoopsAndSelfReferencesDoNotHang() throws Exception {
        List<SearchSubject> messages = List.of(
                message(1, 1, "Message-ID: <a@x>\nReferences: <b@x> <a@x>\nSubject: one", "2024-02-01T00:00:00Z"),
                message(2, 2, "Message-ID: <b@x>\nReferences: <a@x>\nSubject: two", "2024-02-01T00:00:00Z"),
                message(3, 3, "Message-ID: <a@x>\nSubject: duplicate id", "2024-02-01T00:00:00Z"));
        // 1 goes under 2 (its last reference); 2 under 1 would close a loop, so 2 stays a root
        // (RFC 5256 §4 step 1C). The second <a@x> counts as no id (step 1A).
        assertEquals("* THREAD (2 1)(3)", thread(Threader.Algorithm.REFERENCES, messages));
    }

    @Test
    void algorithmsAreFoundByNameIgnoringCase() {
        assertEquals(Optional.of(Threader.Algorithm.REFERENCES), Threader.Algorithm.byName("references"));
        assertEquals(Optional.empty(), Threader.Algorithm.byName("REFS"));
    }

    @Test
    void anEmptySetHasNoThreads() throws Exception {
        assertEquals("* THREAD", thread(Threader.Algorithm.REFERENCES, List.of()));
    }
}

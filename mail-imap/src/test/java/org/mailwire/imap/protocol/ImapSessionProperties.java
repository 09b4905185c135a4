// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mailwire.store.UserMailboxes;

/**
 * Properties of the server session: the same answers however the client's bytes are split, and
 * no throwable other than a close for any input (h11's fuzz invariant).
 */
class ImapSessionProperties {

    /** A pipelined conversation touching most states and literal kinds. */
    private static final String CONVERSATION = "a LOGIN fred pw\r\nb ENABLE CONDSTORE\r\nc SELECT INBOX\r\n"
            + "d APPEND INBOX (\\Seen) {20+}\r\nSubject: x\r\n\r\nbody\r\n\r\ne FETCH 1:* (UID FLAGS MODSEQ BODY.PEEK[])\r\n"
            + "f STORE 1 +FLAGS (\\Deleted)\r\ng SEARCH DELETED\r\nh LIST \"\" %\r\ni EXPUNGE\r\nj IDLE\r\nDONE\r\n"
            + "k STATUS INBOX (MESSAGES UIDNEXT)\r\nl LOGOUT\r\n";

    private static String replay(List<Integer> cuts) throws Exception {
        ImapDriver driver = new ImapDriver();
        driver.user("fred", "pw");
        String validity = Long.toString(driver.store.mailboxes("fred").open(UserMailboxes.INBOX).status().uidValidity());
        ImapDriver.Client c = driver.open("c", driver.plaintextSettings());
        byte[] bytes = CONVERSATION.getBytes(StandardCharsets.US_ASCII);
        int from = 0;
        for (int cut : cuts) {
            int to = Math.min(bytes.length, Math.max(from, cut));
            c.send(java.util.Arrays.copyOfRange(bytes, from, to));
            from = to;
        }
        c.send(java.util.Arrays.copyOfRange(bytes, from, bytes.length));
        return c.take().replace(validity, "V");
    }

    @Property(tries = 30)
    void answersDoNotDependOnHowInputIsSplit(@ForAll("cuts") List<Integer> cuts) throws Exception {
        String whole = replay(List.of());
        for (String tag : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l")) {
            org.junit.jupiter.api.Assertions.assertTrue(whole.contains("\r\n" + tag + " OK "), whole);
        }
        assertEquals(whole, replay(cuts.stream().sorted().toList()));
    }

    @Property(tries = 3)
    void byteAtATimeGivesTheSameAnswers() throws Exception {
        List<Integer> every = new java.util.ArrayList<>();
        for (int i = 1; i < CONVERSATION.length(); i++) {
            every.add(i);
        }
        assertEquals(replay(List.of()), replay(every));
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, CONVERSATION.length()).list().ofMaxSize(12);
    }

    @Property(tries = 200)
    void anyInputGivesAnswersOrACloseNeverAThrowable(@ForAll("garbage") byte[] input,
                                                      @ForAll boolean loggedIn) throws Exception {
        ImapDriver driver = new ImapDriver();
        driver.user("fred", "pw");
        ImapDriver.Client c = driver.open("c", driver.plaintextSettings());
        if (loggedIn) {
            c.send("a LOGIN fred pw\r\nb SELECT INBOX\r\n");
        }
        c.send(input);
        c.send("z NOOP\r\n");
        c.eof();
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<String> tokens = Arbitraries.of("a ", "FETCH ", "1:* ", "(", ")", "{5}\r\n", "{3+}\r\n", "\r\n",
                "\"", "\\", "~{2}\r\n", "BODY[", "]", "<0.1>", "UID ", "SEARCH ", "NOT ", "OR ", "APPEND INBOX ",
                "IDLE\r\n", "DONE\r\n", "STARTTLS\r\n", "AUTHENTICATE PLAIN\r\n", "*\r\n", "\0", "\n", "\u00e9", "x");
        Arbitrary<byte[]> structured = tokens.list().ofMaxSize(60)
                .map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.oneOf(structured, random);
    }
}

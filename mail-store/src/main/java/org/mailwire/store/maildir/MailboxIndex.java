// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.mailwire.store.Flag;
import org.mailwire.store.Flags;
import org.mailwire.store.UidSet;

/**
 * A mailbox's index file: counters and one line per message, in UTF-8 text so an administrator
 * can read it.
 *
 * <pre>
 * mailwire-index 1
 * uidvalidity 1767322800
 * uidnext 3
 * highestmodseq 5
 * message 1 2 1234 2026-01-02T03:04:05Z 1767322801.M1P2Q3R4.mailwire \Seen $Forwarded
 * end 1
 * </pre>
 * The file is always replaced whole (write, fsync, rename), so a torn file cannot occur; the
 * {@code end} line with the message count still catches one cut short by other means.
 *
 * @param uidValidity   UIDVALIDITY
 * @param uidNext       UIDNEXT
 * @param highestModSeq HIGHESTMODSEQ
 * @param entries       the messages, ascending by UID
 */
record MailboxIndex(long uidValidity, long uidNext, long highestModSeq, List<Entry> entries) {

    private static final String MAGIC = "mailwire-index 1";

    /**
     * One message of the index.
     *
     * @param uid          UID
     * @param modSeq       MODSEQ
     * @param size         octets
     * @param internalDate internal date
     * @param base         Maildir base name, no spaces
     * @param flags        flags
     */
    record Entry(long uid, long modSeq, long size, Instant internalDate, String base, Flags flags) {
    }

    byte[] encode() {
        StringBuilder out = new StringBuilder(64 + entries.size() * 96);
        out.append(MAGIC).append('\n');
        out.append("uidvalidity ").append(uidValidity).append('\n');
        out.append("uidnext ").append(uidNext).append('\n');
        out.append("highestmodseq ").append(highestModSeq).append('\n');
        for (Entry entry : entries) {
            out.append("message ").append(entry.uid()).append(' ').append(entry.modSeq()).append(' ')
                    .append(entry.size()).append(' ').append(entry.internalDate()).append(' ').append(entry.base());
            for (Flag flag : entry.flags().system()) {
                out.append(' ').append(flag.imapName());
            }
            for (String keyword : entry.flags().keywords()) {
                out.append(' ').append(keyword);
            }
            out.append('\n');
        }
        out.append("end ").append(entries.size()).append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses an index file.
     *
     * @throws IllegalArgumentException if it is malformed or incomplete
     */
    static MailboxIndex decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> lines = lines(text);
        if (lines.size() < 5 || !lines.get(0).equals(MAGIC)) {
            throw new IllegalArgumentException("not a mailwire index");
        }
        long uidValidity = counter(lines.get(1), "uidvalidity");
        long uidNext = counter(lines.get(2), "uidnext");
        long highestModSeq = counter(lines.get(3), "highestmodseq");
        if (uidValidity < 1 || uidValidity > UidSet.MAX || uidNext < 1 || highestModSeq < 1) {
            throw new IllegalArgumentException("index counters out of range");
        }
        List<Entry> entries = new ArrayList<>();
        long previous = 0;
        for (int i = 4; i < lines.size() - 1; i++) {
            List<String> words = words(lines.get(i));
            if (words.size() < 6 || !words.get(0).equals("message")) {
                throw new IllegalArgumentException("malformed index line");
            }
            long uid = Long.parseLong(words.get(1));
            if (uid <= previous || uid >= uidNext) {
                throw new IllegalArgumentException("index UIDs out of order");
            }
            long modSeq = Long.parseLong(words.get(2));
            long size = Long.parseLong(words.get(3));
            String base = words.get(5);
            if (modSeq < 1 || modSeq > highestModSeq || size < 0 || !isBaseName(base)) {
                throw new IllegalArgumentException("index entry out of range");
            }
            previous = uid;
            Instant date;
            try {
                date = Instant.parse(words.get(4));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("malformed internal date", e);
            }
            entries.add(new Entry(uid, modSeq, size, date, base, Flags.parse(words.subList(6, words.size()))));
        }
        if (counter(lines.get(lines.size() - 1), "end") != entries.size()) {
            throw new IllegalArgumentException("index cut short");
        }
        return new MailboxIndex(uidValidity, uidNext, highestModSeq, entries);
    }

    /**
     * Tells whether a string can be a base name this store wrote: printable ASCII without the
     * path separator and the info separator, not hidden.
     */
    static boolean isBaseName(String base) {
        if (base.isEmpty() || base.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '/' || c == '\\' || c == ':') {
                return false;
            }
        }
        return true;
    }

    private static long counter(String line, String name) {
        List<String> words = words(line);
        if (words.size() != 2 || !words.get(0).equals(name)) {
            throw new IllegalArgumentException("expected " + name);
        }
        return Long.parseLong(words.get(1));
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
            out.add(text.substring(start, i));
            start = i + 1;
        }
        if (start != text.length()) {
            throw new IllegalArgumentException("index does not end with a line feed");
        }
        return out;
    }

    /** Splits on single spaces; names in the index never hold one. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = line.indexOf(' '); i >= 0; i = line.indexOf(' ', start)) {
            out.add(line.substring(start, i));
            start = i + 1;
        }
        out.add(line.substring(start));
        return out;
    }
}

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
 * <p>The index file is a snapshot. The changes made since it was written are in the journal
 * beside it, {@code index.log} ({@link MailboxJournal}), also UTF-8 text:
 * <pre>
 * mailwire-journal 1 156 1866c964
 * 3569703f add 3 6 512 2026-01-02T03:05:00Z 1767322900.M7P2Q4R9.mailwire
 * 01c84aeb commit 4 6
 * 6e9c4ec9 flags 1 7 \Answered \Seen $Forwarded
 * 76cf7a7d commit 4 7
 * d7cd65e1 remove 3
 * e67067ec commit 4 8
 * </pre>
 * (a message appended, a STORE, an EXPUNGE, each ending with its commit, after the snapshot
 * above). The header names the snapshot the records follow: its length in octets and its CRC-32 (8
 * lowercase hex digits); a journal whose header names another snapshot (left by a crash
 * during compaction) is not replayed. Each record line starts with the CRC-32 of the rest of
 * the line after the space. Records: {@code add} (a message, fields as in a {@code message}
 * line), {@code flags <uid> <modseq> <flags>...} (all the message's flags, absolute),
 * {@code remove <uid>}, and {@code commit <uidnext> <highestmodseq>}, which ends the records of
 * one change: a change counts only once its commit line is read, so it is replayed whole or not
 * at all. UIDVALIDITY is not journaled; it changes only with a new snapshot.
 *
 * <p>Each change appends its records in one write and forces them to disk before it is
 * acknowledged. On open, the journal is replayed onto the snapshot up to the first line that
 * is torn, fails its check or is malformed; replay is idempotent (see
 * {@link MailboxJournal#replay}). Once the journal is larger than both the snapshot and
 * {@link org.mailwire.store.MailStoreSettings#indexJournalLimit()}, or when it cannot be
 * trusted (torn at open, a failed write), a new snapshot is written whole and then a new
 * journal with only its header replaces the old one, each atomically.
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
            appendEntry(out.append("message "), entry).append('\n');
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
            if (words.isEmpty() || !words.get(0).equals("message")) {
                throw new IllegalArgumentException("malformed index line");
            }
            Entry entry = parseEntry(words, 1);
            if (entry.uid() <= previous || entry.uid() >= uidNext) {
                throw new IllegalArgumentException("index UIDs out of order");
            }
            if (entry.modSeq() > highestModSeq) {
                throw new IllegalArgumentException("index entry out of range");
            }
            previous = entry.uid();
            entries.add(entry);
        }
        if (counter(lines.get(lines.size() - 1), "end") != entries.size()) {
            throw new IllegalArgumentException("index cut short");
        }
        return new MailboxIndex(uidValidity, uidNext, highestModSeq, entries);
    }

    /**
     * Appends a message's fields as the index and the journal write them: UID, MODSEQ, size,
     * internal date, base name, then the flags.
     */
    static StringBuilder appendEntry(StringBuilder out, Entry entry) {
        out.append(entry.uid()).append(' ').append(entry.modSeq()).append(' ').append(entry.size()).append(' ')
                .append(entry.internalDate()).append(' ').append(entry.base());
        return appendFlags(out, entry.flags());
    }

    /** Appends flags, each after a space, as IMAP names them. */
    static StringBuilder appendFlags(StringBuilder out, Flags flags) {
        for (Flag flag : flags.system()) {
            out.append(' ').append(flag.imapName());
        }
        for (String keyword : flags.keywords()) {
            out.append(' ').append(keyword);
        }
        return out;
    }

    /**
     * Parses the fields {@link #appendEntry} writes, from word {@code from} to the end.
     *
     * @throws IllegalArgumentException if they are malformed or out of range
     */
    static Entry parseEntry(List<String> words, int from) {
        if (words.size() < from + 5) {
            throw new IllegalArgumentException("malformed message fields");
        }
        long uid = Long.parseLong(words.get(from));
        long modSeq = Long.parseLong(words.get(from + 1));
        long size = Long.parseLong(words.get(from + 2));
        String base = words.get(from + 4);
        if (uid < 1 || modSeq < 1 || size < 0 || !isBaseName(base)) {
            throw new IllegalArgumentException("message fields out of range");
        }
        Instant date;
        try {
            date = Instant.parse(words.get(from + 3));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("malformed internal date", e);
        }
        return new Entry(uid, modSeq, size, date, base, Flags.parse(words.subList(from + 5, words.size())));
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

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.mailwire.store.Flags;

/**
 * The journal beside a mailbox's index snapshot ({@code index.log}): the changes since the
 * snapshot, appended and forced to disk one batch per change, so a change costs a few lines
 * instead of a rewrite of the whole index. The format is documented with {@link MailboxIndex}.
 *
 * <p>Everything here is pure: encoding, decoding and replay work on bytes and values; the
 * backend does the I/O.
 */
final class MailboxJournal {

    /** The first words of the header line. */
    static final String MAGIC = "mailwire-journal 1";

    /** Hex digits of the CRC-32 that starts each record line. */
    private static final int CHECK_DIGITS = 8;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private MailboxJournal() {
    }

    /** One line of the journal after its check. */
    sealed interface Record permits Added, FlagsChanged, Removed, Commit {
    }

    /**
     * A message was added: {@code add <uid> <modseq> <size> <date> <base> <flags>...}.
     *
     * @param entry the message, as the snapshot would hold it
     */
    record Added(MailboxIndex.Entry entry) implements Record {
    }

    /**
     * A message's flags and MODSEQ changed: {@code flags <uid> <modseq> <flags>...}.
     *
     * @param uid    the UID
     * @param modSeq the new MODSEQ
     * @param flags  the new flags, all of them
     */
    record FlagsChanged(long uid, long modSeq, Flags flags) implements Record {
    }

    /**
     * A message was removed: {@code remove <uid>}.
     *
     * @param uid the UID
     */
    record Removed(long uid) implements Record {
    }

    /**
     * The counters after a change, ending its batch: {@code commit <uidnext> <highestmodseq>}.
     * Records before it take effect only once it is read.
     *
     * @param uidNext       UIDNEXT
     * @param highestModSeq HIGHESTMODSEQ
     */
    record Commit(long uidNext, long highestModSeq) implements Record {
    }

    /**
     * What a journal read against its snapshot gives.
     *
     * @param index       the snapshot with every complete batch applied
     * @param validLength octets of the journal up to the end of its last complete batch (the
     *                    header alone if none); 0 if the header does not name the snapshot
     * @param matched     whether the header names this snapshot, so the records were read
     * @param clean       whether the whole journal was used: header matched and nothing torn,
     *                    damaged or incomplete after the last batch
     */
    record Replay(MailboxIndex index, long validLength, boolean matched, boolean clean) {
    }

    /**
     * Returns the header line of a journal whose records follow a snapshot: its length in octets
     * and its CRC-32, so a journal left beside a newer snapshot (a crash during compaction) is
     * recognised and not replayed.
     */
    static byte[] header(byte[] snapshot) {
        CRC32 crc = new CRC32();
        crc.update(snapshot);
        StringBuilder out = new StringBuilder(MAGIC).append(' ').append(snapshot.length).append(' ');
        appendHex(out, crc.getValue());
        return out.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Tells whether a journal of {@code journalLength} octets should be folded into a new
     * snapshot: once it is larger than both the limit and the snapshot, so the octets written
     * per change stay O(1) amortised.
     */
    static boolean dueForCompaction(long journalLength, long snapshotLength, long limit) {
        return journalLength > limit && journalLength > snapshotLength;
    }

    // ---- encoding -------------------------------------------------------------------------------

    /** Encodes records as lines, each {@code <crc32 in 8 hex digits> <record>}. */
    static byte[] encode(List<? extends Record> records) {
        StringBuilder out = new StringBuilder(records.size() * 96);
        CRC32 crc = new CRC32();
        for (Record record : records) {
            String text = text(record);
            crc.reset();
            // Record text is ASCII (base names, dates, IMAP atoms), so its UTF-8 is its chars.
            crc.update(text.getBytes(StandardCharsets.UTF_8));
            appendHex(out, crc.getValue());
            out.append(' ').append(text).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Record record) {
        StringBuilder out = new StringBuilder(96);
        if (record instanceof Added added) {
            MailboxIndex.appendEntry(out.append("add "), added.entry());
        } else if (record instanceof FlagsChanged changed) {
            out.append("flags ").append(changed.uid()).append(' ').append(changed.modSeq());
            MailboxIndex.appendFlags(out, changed.flags());
        } else if (record instanceof Removed removed) {
            out.append("remove ").append(removed.uid());
        } else {
            Commit commit = (Commit) record;
            out.append("commit ").append(commit.uidNext()).append(' ').append(commit.highestModSeq());
        }
        return out.toString();
    }

    private static void appendHex(StringBuilder out, long value) {
        for (int shift = (CHECK_DIGITS - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(int) (value >>> shift) & 0xf]);
        }
    }

    // ---- decoding -------------------------------------------------------------------------------

    /**
     * Decodes one record line, {@code bytes[start, end)} without its line feed.
     *
     * @throws IllegalArgumentException if the check does not match or the record is malformed
     */
    static Record decode(byte[] bytes, int start, int end) {
        int textStart = start + CHECK_DIGITS + 1;
        if (end - start <= CHECK_DIGITS + 1 || bytes[start + CHECK_DIGITS] != ' ') {
            throw new IllegalArgumentException("journal line too short");
        }
        long check = 0;
        for (int i = start; i < start + CHECK_DIGITS; i++) {
            int b = bytes[i];
            int digit = b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("journal check is not lowercase hex");
            }
            check = check << 4 | digit;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, textStart, end - textStart);
        if (crc.getValue() != check) {
            throw new IllegalArgumentException("journal check mismatch");
        }
        List<String> words = MailboxIndex.words(new String(bytes, textStart, end - textStart, StandardCharsets.UTF_8));
        switch (words.get(0)) {
            case "add":
                return new Added(MailboxIndex.parseEntry(words, 1));
            case "flags":
                expect(words.size() >= 3);
                long uid = positive(words.get(1));
                return new FlagsChanged(uid, positive(words.get(2)), Flags.parse(words.subList(3, words.size())));
            case "remove":
                expect(words.size() == 2);
                return new Removed(positive(words.get(1)));
            case "commit":
                expect(words.size() == 3);
                long uidNext = positive(words.get(1));
                return new Commit(uidNext, positive(words.get(2)));
            default:
                throw new IllegalArgumentException("unknown journal record");
        }
    }

    private static void expect(boolean condition) {
        if (!condition) {
            throw new IllegalArgumentException("malformed journal record");
        }
    }

    private static long positive(String word) {
        long value = Long.parseLong(word);
        expect(value >= 1);
        return value;
    }

    // ---- replay ---------------------------------------------------------------------------------

    /**
     * Applies a journal to the snapshot it follows. Reading stops at the first line that is
     * torn (no line feed), fails its check or is malformed; records after the last
     * {@link Commit} before that point are dropped, so a change is applied whole or not at all.
     *
     * <p>Replay is idempotent, so records the snapshot already holds are harmless: an addition
     * or flag change applies only if its MODSEQ is at least the message's, an addition of a UID
     * below the snapshot's UIDNEXT that the snapshot lacks is a message already removed (UIDs are
     * never reused), a removal of a missing UID does nothing, and counters only grow.
     *
     * @param snapshot      the decoded snapshot
     * @param snapshotBytes its bytes, which the header must name
     * @param journal       the journal's bytes
     * @return the result
     */
    static Replay replay(MailboxIndex snapshot, byte[] snapshotBytes, byte[] journal) {
        byte[] header = header(snapshotBytes);
        if (!startsWith(journal, header)) {
            return new Replay(snapshot, 0, false, false);
        }
        State state = new State(snapshot);
        List<Record> batch = new ArrayList<>();
        int position = header.length;
        int valid = header.length;
        while (position < journal.length) {
            int end = indexOf(journal, (byte) '\n', position);
            if (end < 0) {
                break;
            }
            Record record;
            try {
                record = decode(journal, position, end);
            } catch (IllegalArgumentException damaged) {
                break;
            }
            position = end + 1;
            batch.add(record);
            if (record instanceof Commit) {
                for (Record change : batch) {
                    state.apply(change);
                }
                batch.clear();
                valid = position;
            }
        }
        return new Replay(state.index(snapshot.uidValidity()), valid, true, valid == journal.length);
    }

    /** The state being rebuilt by a replay. */
    private static final class State {
        private final TreeMap<Long, MailboxIndex.Entry> entries = new TreeMap<>();
        private final long snapshotUidNext;
        private long uidNext;
        private long highestModSeq;

        State(MailboxIndex snapshot) {
            for (MailboxIndex.Entry entry : snapshot.entries()) {
                entries.put(entry.uid(), entry);
            }
            snapshotUidNext = snapshot.uidNext();
            uidNext = snapshot.uidNext();
            highestModSeq = snapshot.highestModSeq();
        }

        void apply(Record record) {
            if (record instanceof Added added) {
                MailboxIndex.Entry entry = added.entry();
                MailboxIndex.Entry existing = entries.get(entry.uid());
                if (existing == null ? entry.uid() >= snapshotUidNext : entry.modSeq() >= existing.modSeq()) {
                    entries.put(entry.uid(), entry);
                }
                raise(entry.uid() + 1, entry.modSeq());
            } else if (record instanceof FlagsChanged changed) {
                MailboxIndex.Entry existing = entries.get(changed.uid());
                if (existing != null && changed.modSeq() >= existing.modSeq()) {
                    entries.put(changed.uid(), new MailboxIndex.Entry(changed.uid(), changed.modSeq(), existing.size(),
                            existing.internalDate(), existing.base(), changed.flags()));
                }
                raise(1, changed.modSeq());
            } else if (record instanceof Removed removed) {
                entries.remove(removed.uid());
            } else {
                Commit commit = (Commit) record;
                raise(commit.uidNext(), commit.highestModSeq());
            }
        }

        private void raise(long atLeastUidNext, long atLeastModSeq) {
            uidNext = Math.max(uidNext, atLeastUidNext);
            highestModSeq = Math.max(highestModSeq, atLeastModSeq);
        }

        MailboxIndex index(long uidValidity) {
            return new MailboxIndex(uidValidity, uidNext, highestModSeq, new ArrayList<>(entries.values()));
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One search criterion of SEARCH: a flag test, a string to find in a header field or the body,
 * a date or size comparison, a set of messages, a mod-sequence (CONDSTORE), or a combination
 * with {@code NOT}, {@code OR} or parentheses. Strings are Unicode; the codec writes them in the
 * lightest form and refuses NUL, which no string form carries.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.4">RFC 9051 §6.4.4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7162#section-3.1.5">RFC 7162 §3.1.5</a>
 */
public sealed interface SearchKey permits SearchKey.Simple, SearchKey.Keyword, SearchKey.Contains,
        SearchKey.Header, SearchKey.Date, SearchKey.Size, SearchKey.Messages, SearchKey.Uids,
        SearchKey.ModSeq, SearchKey.ObjectId, SearchKey.Not, SearchKey.Or, SearchKey.Group {

    /** The keys without arguments; RECENT, NEW, OLD and UNRECENT... only exist in IMAP4rev1. */
    enum Simple implements SearchKey {
        /** Every message. */
        ALL,
        /** With {@code \Answered}. */
        ANSWERED,
        /** With {@code \Deleted}. */
        DELETED,
        /** With {@code \Draft}. */
        DRAFT,
        /** With {@code \Flagged}. */
        FLAGGED,
        /** With {@code \Seen}. */
        SEEN,
        /** Without {@code \Answered}. */
        UNANSWERED,
        /** Without {@code \Deleted}. */
        UNDELETED,
        /** Without {@code \Draft}. */
        UNDRAFT,
        /** Without {@code \Flagged}. */
        UNFLAGGED,
        /** Without {@code \Seen}. */
        UNSEEN,
        /** {@code \Recent} and not {@code \Seen} (IMAP4rev1, RFC 3501 §6.4.4). */
        NEW,
        /** Without {@code \Recent} (IMAP4rev1). */
        OLD,
        /** With {@code \Recent} (IMAP4rev1). */
        RECENT
    }

    /**
     * {@code KEYWORD flag} or {@code UNKEYWORD flag}.
     *
     * @param flag    the keyword
     * @param without {@code true} for {@code UNKEYWORD}
     */
    record Keyword(Flag.Keyword flag, boolean without) implements SearchKey {
        /**
         * Checks presence.
         *
         * @param flag    the keyword
         * @param without whether UNKEYWORD
         */
        public Keyword {
            Objects.requireNonNull(flag, "flag");
        }
    }

    /** The fields a {@link Contains} key looks in. */
    enum Field {
        /** The Bcc header field. */
        BCC,
        /** The body. */
        BODY,
        /** The Cc header field. */
        CC,
        /** The From header field. */
        FROM,
        /** The Subject header field. */
        SUBJECT,
        /** The header or the body. */
        TEXT,
        /** The To header field. */
        TO
    }

    /**
     * {@code FROM string}, {@code BODY string}...: the field contains the string.
     *
     * @param field the field
     * @param value the substring; no NUL
     */
    record Contains(Field field, String value) implements SearchKey {
        /**
         * Checks presence.
         *
         * @param field the field
         * @param value the substring
         */
        public Contains {
            Objects.requireNonNull(field, "field");
            noNul(value);
        }
    }

    /**
     * {@code HEADER field-name string}.
     *
     * @param field the header field name; no NUL
     * @param value the substring, empty for "has the field"; no NUL
     */
    record Header(String field, String value) implements SearchKey {
        /**
         * Checks presence.
         *
         * @param field the field name
         * @param value the substring
         */
        public Header {
            noNul(field);
            noNul(value);
        }
    }

    /** The date comparisons. */
    enum DateKind {
        /** Internal date before the day. */
        BEFORE,
        /** Internal date on the day. */
        ON,
        /** Internal date on or after the day. */
        SINCE,
        /** Date header before the day. */
        SENTBEFORE,
        /** Date header on the day. */
        SENTON,
        /** Date header on or after the day. */
        SENTSINCE
    }

    /**
     * {@code BEFORE date}, {@code SENTSINCE date}...
     *
     * @param kind the comparison
     * @param date the day, years 0 to 9999
     */
    record Date(DateKind kind, LocalDate date) implements SearchKey {
        /**
         * Checks the values.
         *
         * @param kind the comparison
         * @param date the day
         */
        public Date {
            Objects.requireNonNull(kind, "kind");
            if (date.getYear() < 0 || date.getYear() > 9999) {
                throw new IllegalArgumentException("dates have four-digit years");
            }
        }
    }

    /**
     * {@code LARGER n} or {@code SMALLER n}.
     *
     * @param larger {@code true} for LARGER
     * @param size   the size in octets, 0 to 4294967295 ({@code number})
     */
    record Size(boolean larger, long size) implements SearchKey {
        /**
         * Checks the range.
         *
         * @param larger whether LARGER
         * @param size   the size
         */
        public Size {
            if (size < 0 || size > SequenceSet.MAX_NUMBER) {
                throw new IllegalArgumentException("sizes are 0 to 4294967295");
            }
        }
    }

    /**
     * A sequence set as a key: the messages with those numbers.
     *
     * @param set the set
     */
    record Messages(SequenceSet set) implements SearchKey {
        /**
         * Checks presence.
         *
         * @param set the set
         */
        public Messages {
            Objects.requireNonNull(set, "set");
        }
    }

    /**
     * {@code UID set}.
     *
     * @param set the UIDs
     */
    record Uids(SequenceSet set) implements SearchKey {
        /**
         * Checks presence.
         *
         * @param set the set
         */
        public Uids {
            Objects.requireNonNull(set, "set");
        }
    }

    /** The entry types of a {@code MODSEQ} key with a flag (RFC 7162 §3.1.5). */
    enum EntryType {
        /** {@code priv}: the per-user mod-sequence. */
        PRIV,
        /** {@code shared}. */
        SHARED,
        /** {@code all}: the larger of both. */
        ALL
    }

    /**
     * {@code MODSEQ ["/flags/flag" type] value}: messages changed at or after a mod-sequence
     * (RFC 7162 §3.1.5).
     *
     * @param flag  the flag whose metadata entry is meant, if any
     * @param type  the entry type, present exactly with the flag
     * @param value the mod-sequence, 0 to 2^63-1 ({@code mod-sequence-valzer})
     */
    record ModSeq(Optional<Flag> flag, Optional<EntryType> type, long value) implements SearchKey {
        /**
         * Checks the values.
         *
         * @param flag  the flag, if any
         * @param type  the type, with the flag
         * @param value the mod-sequence
         */
        public ModSeq {
            if (flag.isPresent() != type.isPresent()) {
                throw new IllegalArgumentException("MODSEQ names a flag and an entry type, or neither");
            }
            if (value < 0) {
                throw new IllegalArgumentException("mod-sequences are 0 to 2^63-1");
            }
        }
    }

    /**
     * {@code EMAILID id} or {@code THREADID id}: the messages with that object id (OBJECTID,
     * RFC 8474 §6).
     *
     * @param thread {@code true} for THREADID, {@code false} for EMAILID
     * @param id     the object id, compared with its case
     */
    record ObjectId(boolean thread, String id) implements SearchKey {
        /**
         * Checks the id.
         *
         * @param thread whether THREADID
         * @param id     the id: 1 to 255 letters, digits, {@code _} and {@code -}
         */
        public ObjectId {
            if (!ImapSyntax.isObjectId(id)) {
                throw new IllegalArgumentException("not an object id");
            }
        }
    }

    /**
     * {@code NOT key}.
     *
     * @param key the negated key
     */
    record Not(SearchKey key) implements SearchKey {
        /**
         * Checks presence.
         *
         * @param key the key
         */
        public Not {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * {@code OR key1 key2}.
     *
     * @param left  one key
     * @param right the other
     */
    record Or(SearchKey left, SearchKey right) implements SearchKey {
        /**
         * Checks presence.
         *
         * @param left  one key
         * @param right the other
         */
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /**
     * {@code (key ...)}: all of the keys.
     *
     * @param keys at least one key
     */
    record Group(List<SearchKey> keys) implements SearchKey {
        /**
         * Checks and copies.
         *
         * @param keys at least one key
         */
        public Group {
            keys = List.copyOf(keys);
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("a search group holds at least one key");
            }
        }
    }

    private static void noNul(String value) {
        if (value.indexOf(0) >= 0) {
            throw new IllegalArgumentException("search strings cannot hold NUL");
        }
    }
}

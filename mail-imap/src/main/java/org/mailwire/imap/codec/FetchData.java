// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.imap.types.BodyStructure;
import org.mailwire.imap.types.Envelope;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.Section;
import org.mailwire.imap.types.SequenceSet;

/**
 * One data item of a FETCH response ({@code msg-att}): what the server says about a message.
 * Section contents are {@link Fragment}s: a {@link Fragment.Literal} in memory or, past the
 * framer's streaming threshold, a {@link Fragment.StreamedLiteral} already in the caller's sink.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7.5.2">RFC 9051 §7.5.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7162#section-3.1.4">RFC 7162 §3.1.4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3516#section-4.2">RFC 3516 §4.2</a>
 */
public sealed interface FetchData {

    /**
     * Returns the message content this item carries: the data of a {@link BodySection},
     * {@link Rfc822} or {@link Binary}, nothing for the other items (or for NIL).
     *
     * @return the content, if any
     */
    default Optional<Fragment> content() {
        return this instanceof BodySection b ? b.data()
                : this instanceof Rfc822 r ? r.data()
                : this instanceof Binary b ? b.data() : Optional.empty();
    }

    /**
     * {@code FLAGS (...)}.
     *
     * @param flags the message's flags
     */
    record Flags(List<Flag> flags) implements FetchData {
        /**
         * Copies.
         *
         * @param flags the flags
         */
        public Flags {
            flags = List.copyOf(flags);
        }
    }

    /**
     * {@code INTERNALDATE "..."}.
     *
     * @param date the internal date, whole seconds, whole-minute offset
     */
    record InternalDate(OffsetDateTime date) implements FetchData {
        /**
         * Checks presence.
         *
         * @param date the date
         */
        public InternalDate {
            Objects.requireNonNull(date, "date");
        }
    }

    /**
     * {@code RFC822.SIZE n}.
     *
     * @param size the message size in octets, {@code >= 0}
     */
    record Rfc822Size(long size) implements FetchData {
        /**
         * Checks the range.
         *
         * @param size the size
         */
        public Rfc822Size {
            if (size < 0) {
                throw new IllegalArgumentException("sizes are not negative");
            }
        }
    }

    /**
     * {@code UID n}.
     *
     * @param uid the UID, 1 to 4294967295
     */
    record Uid(long uid) implements FetchData {
        /**
         * Checks the range.
         *
         * @param uid the UID
         */
        public Uid {
            if (uid < 1 || uid > SequenceSet.MAX_NUMBER) {
                throw new IllegalArgumentException("UIDs are 1 to 4294967295");
            }
        }
    }

    /**
     * {@code MODSEQ (n)} (RFC 7162 §3.1.4).
     *
     * @param modSeq the mod-sequence, 1 to 2^63-1
     */
    record ModSeq(long modSeq) implements FetchData {
        /**
         * Checks the range.
         *
         * @param modSeq the mod-sequence
         */
        public ModSeq {
            if (modSeq < 1) {
                throw new IllegalArgumentException("mod-sequences here are 1 to 2^63-1");
            }
        }
    }

    /**
     * {@code ENVELOPE (...)}.
     *
     * @param envelope the envelope
     */
    record EnvelopeData(Envelope envelope) implements FetchData {
        /**
         * Checks presence.
         *
         * @param envelope the envelope
         */
        public EnvelopeData {
            Objects.requireNonNull(envelope, "envelope");
        }
    }

    /**
     * {@code BODY (...)} or {@code BODYSTRUCTURE (...)}.
     *
     * @param body       the structure
     * @param structure  {@code true} for BODYSTRUCTURE, which may carry extension data
     */
    record Body(BodyStructure body, boolean structure) implements FetchData {
        /**
         * Checks presence.
         *
         * @param body      the structure
         * @param structure whether BODYSTRUCTURE
         */
        public Body {
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * {@code BODY[section]<origin> data}.
     *
     * @param section the section
     * @param origin  the first octet's offset for a partial fetch
     * @param data    the content, or empty for NIL
     */
    record BodySection(Section section, Optional<Long> origin, Optional<Fragment> data) implements FetchData {
        /**
         * Checks presence.
         *
         * @param section the section
         * @param origin  the origin, if partial
         * @param data    the content, if not NIL
         */
        public BodySection {
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(data, "data");
            if (origin.filter(o -> o < 0 || o > SequenceSet.MAX_NUMBER).isPresent()) {
                throw new IllegalArgumentException("the origin is 0 to 4294967295");
            }
            if (data.isPresent() && data.get() instanceof Fragment.Text) {
                throw new IllegalArgumentException("section data is a literal");
            }
        }
    }

    /**
     * IMAP4rev1's {@code RFC822}, {@code RFC822.HEADER} or {@code RFC822.TEXT} data item (RFC 3501
     * §7.4.2): the same octets as {@code BODY[]}, {@code BODY[HEADER]} or {@code BODY[TEXT]}, under
     * the name the client asked for. IMAP4rev2 dropped these items (RFC 9051 Appendix E).
     *
     * @param kind which of the three
     * @param data the content, or empty for NIL
     */
    record Rfc822(Rfc822Kind kind, Optional<Fragment> data) implements FetchData {
        /**
         * Checks presence.
         *
         * @param kind which of the three
         * @param data the content, if not NIL
         */
        public Rfc822 {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(data, "data");
            if (data.isPresent() && data.get() instanceof Fragment.Text) {
                throw new IllegalArgumentException("RFC822 data is a literal");
            }
        }
    }

    /** The three IMAP4rev1 RFC822 data items, with the section each one equals. */
    enum Rfc822Kind {
        /** {@code RFC822}: the whole message, {@code BODY[]}. */
        MESSAGE("RFC822", Section.ALL),
        /** {@code RFC822.HEADER}: the header, {@code BODY[HEADER]}. */
        HEADER("RFC822.HEADER", Section.of(Section.Text.HEADER)),
        /** {@code RFC822.TEXT}: the body, {@code BODY[TEXT]}. */
        TEXT("RFC822.TEXT", Section.of(Section.Text.TEXT));

        private final String wire;
        private final Section section;

        Rfc822Kind(String wire, Section section) {
            this.wire = wire;
            this.section = section;
        }

        /**
         * Returns the item's name on the wire.
         *
         * @return e.g. {@code RFC822.HEADER}
         */
        public String wire() {
            return wire;
        }

        /**
         * Returns the section holding the same octets.
         *
         * @return e.g. {@code HEADER}
         */
        public Section section() {
            return section;
        }
    }

    /**
     * {@code BINARY[part] data} (RFC 3516 §4.2): the decoded content, a literal8 or NIL.
     *
     * @param part the part path
     * @param data the content, or empty for NIL
     */
    record Binary(List<Long> part, Optional<Fragment> data) implements FetchData {
        /**
         * Checks and copies.
         *
         * @param part the part path
         * @param data the content, if not NIL
         */
        public Binary {
            part = checkPart(part);
            Objects.requireNonNull(data, "data");
            if (data.isPresent() && data.get() instanceof Fragment.Text) {
                throw new IllegalArgumentException("binary data is a literal");
            }
        }
    }

    /**
     * {@code BINARY.SIZE[part] n} (RFC 3516 §4.2).
     *
     * @param part the part path
     * @param size the decoded size
     */
    record BinarySize(List<Long> part, long size) implements FetchData {
        /**
         * Checks and copies.
         *
         * @param part the part path
         * @param size the size, {@code >= 0}
         */
        public BinarySize {
            part = checkPart(part);
            if (size < 0) {
                throw new IllegalArgumentException("sizes are not negative");
            }
        }
    }

    /**
     * {@code EMAILID (id)} (OBJECTID, RFC 8474 §5.1).
     *
     * @param id the object id: 1 to 255 letters, digits, {@code _} or {@code -}
     */
    record EmailId(String id) implements FetchData {
        /**
         * Checks the syntax.
         *
         * @param id the id
         */
        public EmailId {
            checkObjectId(id);
        }
    }

    /**
     * {@code THREADID (id)} or {@code THREADID NIL} (OBJECTID, RFC 8474 §5.2).
     *
     * @param id the thread's object id, or empty if the server does not thread this message
     */
    record ThreadId(Optional<String> id) implements FetchData {
        /**
         * Checks the syntax.
         *
         * @param id the id, if any
         */
        public ThreadId {
            id.ifPresent(FetchData::checkObjectId);
        }
    }

    /** {@code objectid = 1*255(ALPHA / DIGIT / "_" / "-")} (RFC 8474 §7). */
    private static void checkObjectId(String id) {
        if (!org.mailwire.imap.types.ImapSyntax.isObjectId(id)) {
            throw new IllegalArgumentException("not an object id: " + id);
        }
    }

    private static List<Long> checkPart(List<Long> part) {
        List<Long> copy = List.copyOf(part);
        if (copy.stream().anyMatch(p -> p < 1 || p > SequenceSet.MAX_NUMBER)) {
            throw new IllegalArgumentException("part numbers are 1 to 4294967295");
        }
        return copy;
    }
}

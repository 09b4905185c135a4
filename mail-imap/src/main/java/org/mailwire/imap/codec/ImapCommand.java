// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.Tag;

/**
 * A client command as the server decodes it: one record per command, each with the client's
 * tag. This first slice covers the commands of the not-authenticated and authenticated states
 * and the argument-free selected-state ones; FETCH, STORE, SEARCH, COPY, MOVE and UID follow.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6">RFC 9051 §6</a>
 */
public sealed interface ImapCommand {

    /**
     * Returns the command's tag, which its completion result repeats.
     *
     * @return the tag
     */
    Tag tag();

    /**
     * {@code CAPABILITY} (RFC 9051 §6.1.1).
     *
     * @param tag the tag
     */
    record Capability(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Capability {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code NOOP} (RFC 9051 §6.1.2).
     *
     * @param tag the tag
     */
    record Noop(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Noop {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code LOGOUT} (RFC 9051 §6.1.3).
     *
     * @param tag the tag
     */
    record Logout(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Logout {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code STARTTLS} (RFC 9051 §6.2.1). The session must drop every octet received after it
     * in plaintext (CVE-2011-0411).
     *
     * @param tag the tag
     */
    record StartTls(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public StartTls {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code AUTHENTICATE mechanism [initial-response]} (RFC 9051 §6.2.2, SASL-IR RFC 4959).
     *
     * @param tag             the tag
     * @param mechanism       the SASL mechanism name, as sent
     * @param initialResponse the base64 initial response as sent, {@code "="} for an empty one;
     *                        checked to be base64
     */
    record Authenticate(Tag tag, Atom mechanism, Optional<String> initialResponse) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag             the tag
         * @param mechanism       the mechanism
         * @param initialResponse the initial response, if any
         */
        public Authenticate {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(initialResponse, "initialResponse");
        }

        @Override
        public String toString() {
            // The initial response carries credentials; keep it out of logs.
            return "Authenticate[tag=" + tag + ", mechanism=" + mechanism
                    + (initialResponse.isPresent() ? ", initialResponse=<hidden>]" : "]");
        }
    }

    /**
     * {@code LOGIN user password} (RFC 9051 §6.2.3).
     *
     * @param tag      the tag
     * @param user     the user name
     * @param password the password
     */
    record Login(Tag tag, String user, String password) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag      the tag
         * @param user     the user name
         * @param password the password
         */
        public Login {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            // Never print the password (logs, test reports).
            return "Login[tag=" + tag + ", user=" + user + ", password=<hidden>]";
        }
    }

    /**
     * {@code ENABLE capability...} (RFC 5161, RFC 9051 §6.3.1).
     *
     * @param tag          the tag
     * @param capabilities the capabilities to enable, at least one
     */
    record Enable(Tag tag, List<Atom> capabilities) implements ImapCommand {
        /**
         * Checks presence and copies.
         *
         * @param tag          the tag
         * @param capabilities at least one capability
         */
        public Enable {
            Objects.requireNonNull(tag, "tag");
            capabilities = List.copyOf(capabilities);
            if (capabilities.isEmpty()) {
                throw new IllegalArgumentException("ENABLE names at least one capability");
            }
        }
    }

    /**
     * {@code SELECT mailbox} (RFC 9051 §6.3.2).
     *
     * @param tag     the tag
     * @param mailbox the mailbox
     */
    record Select(Tag tag, MailboxName mailbox) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         */
        public Select {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /**
     * {@code EXAMINE mailbox}: SELECT read-only (RFC 9051 §6.3.3).
     *
     * @param tag     the tag
     * @param mailbox the mailbox
     */
    record Examine(Tag tag, MailboxName mailbox) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         */
        public Examine {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /**
     * {@code CREATE mailbox} (RFC 9051 §6.3.4).
     *
     * @param tag     the tag
     * @param mailbox the mailbox
     */
    record Create(Tag tag, MailboxName mailbox) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         */
        public Create {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /**
     * {@code DELETE mailbox} (RFC 9051 §6.3.5).
     *
     * @param tag     the tag
     * @param mailbox the mailbox
     */
    record Delete(Tag tag, MailboxName mailbox) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         */
        public Delete {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /**
     * {@code RENAME from to} (RFC 9051 §6.3.6).
     *
     * @param tag  the tag
     * @param from the existing mailbox
     * @param to   the new name
     */
    record Rename(Tag tag, MailboxName from, MailboxName to) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag  the tag
         * @param from the existing mailbox
         * @param to   the new name
         */
        public Rename {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * {@code SUBSCRIBE mailbox} (RFC 9051 §6.3.7).
     *
     * @param tag     the tag
     * @param mailbox the mailbox
     */
    record Subscribe(Tag tag, MailboxName mailbox) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         */
        public Subscribe {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /**
     * {@code UNSUBSCRIBE mailbox} (RFC 9051 §6.3.8).
     *
     * @param tag     the tag
     * @param mailbox the mailbox
     */
    record Unsubscribe(Tag tag, MailboxName mailbox) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         */
        public Unsubscribe {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /**
     * Basic {@code LIST reference pattern} (RFC 9051 §6.3.9); LIST-EXTENDED options follow.
     *
     * @param tag       the tag
     * @param reference the reference name, decoded like a mailbox name (may be empty)
     * @param pattern   the mailbox pattern with its {@code *} and {@code %} wildcards, decoded
     *                  likewise
     */
    record ListMailboxes(Tag tag, String reference, String pattern) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag       the tag
         * @param reference the reference name
         * @param pattern   the pattern
         */
        public ListMailboxes {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /**
     * {@code STATUS mailbox (items)} (RFC 9051 §6.3.11).
     *
     * @param tag     the tag
     * @param mailbox the mailbox
     * @param items   the requested items, at least one, in the order asked
     */
    record Status(Tag tag, MailboxName mailbox, List<StatusItem> items) implements ImapCommand {
        /**
         * Checks presence and copies.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         * @param items   at least one item
         */
        public Status {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("STATUS asks for at least one item");
            }
        }
    }

    /**
     * {@code APPEND mailbox [(flags)] [date-time] literal} (RFC 9051 §6.3.12); literal8 for
     * BINARY (RFC 3516 §4.4).
     *
     * @param tag          the tag
     * @param mailbox      the mailbox
     * @param flags        the flags to set
     * @param internalDate the internal date to set, if given
     * @param message      the message: a {@link Fragment.Literal} or a
     *                     {@link Fragment.StreamedLiteral} already in the caller's sink
     */
    record Append(Tag tag, MailboxName mailbox, List<Flag> flags, Optional<OffsetDateTime> internalDate,
            Fragment message) implements ImapCommand {
        /**
         * Checks presence and copies.
         *
         * @param tag          the tag
         * @param mailbox      the mailbox
         * @param flags        the flags
         * @param internalDate the date, if any
         * @param message      a literal or streamed literal
         */
        public Append {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
            flags = List.copyOf(flags);
            Objects.requireNonNull(internalDate, "internalDate");
            if (message instanceof Fragment.Text || message == null) {
                throw new IllegalArgumentException("the message of APPEND is a literal");
            }
        }
    }

    /**
     * {@code IDLE} (RFC 2177, RFC 9051 §6.3.13); the client ends it with a {@code DONE} line,
     * which {@link ImapCommandDecoder#isDone(ImapFrame.Line)} recognises.
     *
     * @param tag the tag
     */
    record Idle(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Idle {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code CLOSE} (RFC 9051 §6.4.1).
     *
     * @param tag the tag
     */
    record Close(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Close {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code UNSELECT} (RFC 3691, RFC 9051 §6.4.2).
     *
     * @param tag the tag
     */
    record Unselect(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Unselect {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code EXPUNGE} (RFC 9051 §6.4.3).
     *
     * @param tag the tag
     */
    record Expunge(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Expunge {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /** The items STATUS may ask for (RFC 9051 §6.3.11, RFC 3501 §6.3.10, RFC 7162 §3.1.8). */
    enum StatusItem {
        /** Number of messages. */
        MESSAGES,
        /** The next UID. */
        UIDNEXT,
        /** The UID validity value. */
        UIDVALIDITY,
        /** Number of messages without {@code \Seen}. */
        UNSEEN,
        /** Number of messages with {@code \Deleted} (IMAP4rev2). */
        DELETED,
        /** Total size of the mailbox in octets (IMAP4rev2, STATUS=SIZE RFC 8438). */
        SIZE,
        /** Number of messages with {@code \Recent} (IMAP4rev1 only). */
        RECENT,
        /** Highest mod-sequence (CONDSTORE, RFC 7162). */
        HIGHESTMODSEQ
    }
}

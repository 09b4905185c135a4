// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.mime.ByteRange;
import org.mailwire.core.mime.HeaderField;
import org.mailwire.core.mime.MimeLimits;
import org.mailwire.core.mime.MimeParser;
import org.mailwire.core.mime.ParsedMessage;
import org.mailwire.imap.types.BodyStructure;
import org.mailwire.imap.types.Envelope;
import org.mailwire.store.Flags;
import org.mailwire.store.MessageInfo;

/**
 * One stored message as one IMAP command sees it: the store's metadata at once, and its MIME
 * structure on first need.
 *
 * <p>The structure comes from one pass over the content through {@link MimeParser} in 64 KiB
 * chunks, bounded by the given {@link MimeLimits}; the result (envelope, body structure, byte
 * ranges, root header fields) is kept in the view, so FETCH of several items and SEARCH of
 * several keys parse once. What needs only the header (ENVELOPE, header search keys, SORT,
 * THREAD) reads only up to the header's end, unless the whole message was parsed anyway.
 * Bodies are never kept: each section served or searched is read again from the store, only
 * its byte range. {@link #emailId()} hashes the content (SHA-256), in the parse pass when it
 * comes first. A view is meant for one command on one thread and is not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.5">RFC 9051 §6.4.5</a>
 */
public final class MessageView {

    private static final int CHUNK = 64 * 1024;

    private final MessageInfo info;
    private final ContentOpener opener;
    private final MimeLimits limits;
    private ParsedMessage parsed;
    private ParsedMessage headerOnly;
    private boolean wantDigest;
    private byte[] digest;
    private Envelope envelope;
    private BodyStructure body;
    private BodyStructure structure;

    private MessageView(MessageInfo info, ContentOpener opener, MimeLimits limits) {
        this.info = Objects.requireNonNull(info, "info");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Returns a view of a message; nothing is read yet.
     *
     * @param info   the store's metadata (UID, MODSEQ, flags, internal date, size)
     * @param opener opens the stored octets
     * @param limits the bounds of the MIME parse
     * @return the view
     */
    public static MessageView of(MessageInfo info, ContentOpener opener, MimeLimits limits) {
        return new MessageView(info, opener, limits);
    }

    /**
     * Returns the store's metadata.
     *
     * @return the message info
     */
    public MessageInfo info() {
        return info;
    }

    /**
     * Returns the UID.
     *
     * @return the UID
     */
    public long uid() {
        return info.uid();
    }

    /**
     * Returns the mod-sequence (RFC 7162 §3.1.4).
     *
     * @return the MODSEQ
     */
    public long modSeq() {
        return info.modSeq();
    }

    /**
     * Returns the flags.
     *
     * @return the flags
     */
    public Flags flags() {
        return info.flags();
    }

    /**
     * Returns the internal date.
     *
     * @return the instant the store received the message
     */
    public Instant internalDate() {
        return info.internalDate();
    }

    /**
     * Returns the size in octets ({@code RFC822.SIZE}).
     *
     * @return the size the store recorded
     */
    public long size() {
        return info.size();
    }

    /**
     * Returns the opener of the stored octets.
     *
     * @return the opener
     */
    public ContentOpener content() {
        return opener;
    }

    /**
     * Returns the MIME limits the parse keeps to.
     *
     * @return the limits
     */
    public MimeLimits limits() {
        return limits;
    }

    /**
     * Tells whether the structure has been parsed already (so a caller can tell cheap keys from
     * those that read the message).
     *
     * @return whether {@link #parsed()} would read nothing
     */
    public boolean isParsed() {
        return parsed != null;
    }

    /**
     * Returns the parse result, reading and parsing the message on the first call.
     *
     * @return the parsed structure
     * @throws IOException if the content cannot be read
     */
    public ParsedMessage parsed() throws IOException {
        if (parsed == null) {
            MimeParser parser = MimeParser.of(limits);
            MessageDigest sha = wantDigest ? sha256() : null;
            byte[] chunk = new byte[CHUNK];
            try (InputStream in = opener.open()) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    parser.feed(ByteBuffer.wrap(chunk, 0, n));
                    if (sha != null) {
                        sha.update(chunk, 0, n);
                    }
                }
            }
            parsed = parser.finish();
            headerOnly = null;
            if (sha != null) {
                digest = sha.digest();
            }
        }
        return parsed;
    }

    /**
     * Returns what the message header alone tells (root fields and envelope), reading only up
     * to the blank line that ends it, unless the whole message was parsed already. ENVELOPE,
     * SEARCH FROM/SUBJECT/HEADER/SENT*, SORT and THREAD need no more, so they never read a
     * body.
     *
     * @return a parse result whose header fields and envelope are the message's (its body
     *     structure and ranges are not)
     * @throws IOException if the content cannot be read
     */
    private ParsedMessage header() throws IOException {
        if (parsed != null) {
            return parsed;
        }
        if (headerOnly == null) {
            MimeParser parser = MimeParser.of(limits);
            byte[] chunk = new byte[8192];
            boolean blank = true;
            boolean cr = false;
            try (InputStream in = opener.open()) {
                int n;
                reading:
                while ((n = in.read(chunk)) >= 0) {
                    for (int i = 0; i < n; i++) {
                        byte b = chunk[i];
                        if (b == '\n') {
                            if (blank) {
                                // The empty line that ends the header (RFC 5322 §2.1): stop here.
                                parser.feed(ByteBuffer.wrap(chunk, 0, i + 1));
                                break reading;
                            }
                            blank = true;
                            cr = false;
                        } else if (b == '\r' && blank && !cr) {
                            cr = true;
                        } else {
                            blank = false;
                        }
                    }
                    parser.feed(ByteBuffer.wrap(chunk, 0, n));
                }
            }
            headerOnly = parser.finish();
        }
        return headerOnly;
    }

    /**
     * Returns the parser's envelope of the message (raw strings, parsed addresses and date),
     * reading only the header if nothing else was needed yet.
     *
     * @return the RFC 5322 envelope
     * @throws IOException if the content cannot be read
     */
    public org.mailwire.core.mime.Envelope headerEnvelope() throws IOException {
        return header().envelope();
    }

    /**
     * Returns the envelope as IMAP sends it (RFC 9051 §7.5.2).
     *
     * @return the envelope
     * @throws IOException if the content cannot be read
     */
    public Envelope envelope() throws IOException {
        if (envelope == null) {
            envelope = ImapForms.envelope(header().envelope());
        }
        return envelope;
    }

    /**
     * Returns the body structure as IMAP sends it (RFC 9051 §7.5.2).
     *
     * @param extensible {@code true} for {@code BODYSTRUCTURE} (with extension data),
     *                   {@code false} for {@code BODY}
     * @return the structure
     * @throws IOException if the content cannot be read
     */
    public BodyStructure bodyStructure(boolean extensible) throws IOException {
        if (extensible) {
            if (structure == null) {
                structure = ImapForms.body(parsed().body(), true);
            }
            return structure;
        }
        if (body == null) {
            body = ImapForms.body(parsed().body(), false);
        }
        return body;
    }

    /**
     * Returns the root header fields with a name (only the root header is kept, up to the
     * limits).
     *
     * @param name the field name, any case
     * @return the fields, in order
     * @throws IOException if the content cannot be read
     */
    public List<HeaderField> headers(String name) throws IOException {
        return header().headers(name);
    }

    /**
     * Returns the range of the root header, its blank line included ({@code BODY[HEADER]}).
     *
     * @return the header range
     * @throws IOException if the content cannot be read
     */
    public ByteRange headerRange() throws IOException {
        return parsed().header();
    }

    /**
     * Returns the range of the root body ({@code BODY[TEXT]}).
     *
     * @return the text range
     * @throws IOException if the content cannot be read
     */
    public ByteRange textRange() throws IOException {
        return parsed().text();
    }

    /**
     * Opens a byte range of the message.
     *
     * @param range the range
     * @return its octets; the caller closes it
     * @throws IOException if the content cannot be read
     */
    public InputStream open(ByteRange range) throws IOException {
        if (range.length() == 0) {
            return InputStream.nullInputStream();
        }
        return opener.open(range.start(), range.length());
    }

    /**
     * Reads a header block (the root header, a part's MIME header, or an encapsulated message's
     * header) for filtering or searching: at most {@code MimeLimits.maxHeaderBlockBytes} octets,
     * the part the parser interprets too, cut back to the last whole line when the block is
     * longer, so no field is seen half.
     *
     * @param header the header's range
     * @return its octets, up to the limit
     * @throws IOException if the content cannot be read
     */
    public byte[] readHeaderBlock(ByteRange header) throws IOException {
        int cap = (int) Math.min(header.length(), limits.maxHeaderBlockBytes());
        byte[] bytes;
        try (InputStream in = open(new ByteRange(header.start(), cap))) {
            bytes = in.readNBytes(cap);
        }
        if (cap < header.length()) {
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            bytes = java.util.Arrays.copyOf(bytes, end);
        }
        return bytes;
    }

    /**
     * Returns the OBJECTID {@code EMAILID} (RFC 8474 §5.1): {@code M} and the first 96 bits of
     * the SHA-256 of the content in hex. It depends on the octets only, so a message keeps it
     * through COPY and MOVE and in every mailbox, as §5.1 asks, and identical octets share it,
     * which §5.1 allows.
     *
     * @return the email id, 25 characters
     * @throws IOException if the content cannot be read
     */
    public String emailId() throws IOException {
        if (digest == null) {
            if (parsed == null) {
                wantDigest = true;
                parsed();
            } else {
                MessageDigest sha = sha256();
                byte[] chunk = new byte[CHUNK];
                try (InputStream in = opener.open()) {
                    int n;
                    while ((n = in.read(chunk)) >= 0) {
                        sha.update(chunk, 0, n);
                    }
                }
                digest = sha.digest();
            }
        }
        return "M" + HexFormat.of().formatHex(digest, 0, 12);
    }

    /**
     * Returns the OBJECTID {@code THREADID} (RFC 8474 §5.2): {@code T} and the first 96 bits of
     * the SHA-256 of the thread's root message id, the first of {@code References}, else of
     * {@code In-Reply-To}, else the message's own {@code Message-ID}. A message with none of
     * them is a thread of its own, named after its email id. So replies share their root's
     * thread id in every mailbox, without any index.
     *
     * @return the thread id, 25 characters
     * @throws IOException if the content cannot be read
     */
    public String threadId() throws IOException {
        Optional<String> root = rootMessageId();
        if (root.isEmpty()) {
            return "T" + emailId().substring(1);
        }
        byte[] basis = sha256().digest(root.get().getBytes(StandardCharsets.UTF_8));
        return "T" + HexFormat.of().formatHex(basis, 0, 12);
    }

    /** The first References id, else the first In-Reply-To id, else the Message-ID. */
    private Optional<String> rootMessageId() throws IOException {
        for (HeaderField references : headers("References")) {
            List<String> ids = MessageIds.parse(references.value());
            if (!ids.isEmpty()) {
                return Optional.of(ids.get(0));
            }
        }
        org.mailwire.core.mime.Envelope e = header().envelope();
        Optional<String> reply = e.inReplyTo().map(MessageIds::parse).filter(l -> !l.isEmpty()).map(l -> l.get(0));
        if (reply.isPresent()) {
            return reply;
        }
        return e.messageId().map(MessageIds::parse).filter(l -> !l.isEmpty()).map(l -> l.get(0));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest's documentation).
            throw new IllegalStateException(e);
        }
    }
}

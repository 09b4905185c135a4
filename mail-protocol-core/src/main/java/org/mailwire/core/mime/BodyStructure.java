// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.util.List;
import java.util.OptionalLong;

/**
 * The MIME structure of a message as IMAP BODYSTRUCTURE describes it (RFC 9051 §7.5.2), with
 * the byte ranges that {@code BODY[section]} serves from the stored message.
 *
 * <p>Part numbers follow RFC 9051 §6.4.5: the parts of a multipart are numbered from 1 below the
 * multipart's number; a message that is not multipart has its body as part {@code 1}; the body of
 * an encapsulated message numbered {@code n} is {@code n.1} when single-part, and its parts are
 * {@code n.1}, {@code n.2}... when multipart. The outermost multipart has the empty number.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7.5.2">RFC 9051 §7.5.2</a>
 */
public sealed interface BodyStructure {

    /**
     * Returns the IMAP part number ({@code "1.2"}), empty for the outermost multipart.
     *
     * @return the part number
     */
    String partNumber();

    /**
     * Returns the content type, defaults applied.
     *
     * @return the content type
     */
    ContentType contentType();

    /**
     * Returns the range of the part's MIME header, its ending empty line included
     * ({@code BODY[n.MIME]}).
     *
     * @return the header range
     */
    ByteRange header();

    /**
     * Returns the range of the part's body ({@code BODY[n]}); a CRLF before a boundary belongs
     * to the boundary (RFC 2046 §5.1.1).
     *
     * @return the body range
     */
    ByteRange body();

    /**
     * A part that is neither multipart nor an encapsulated message that was parsed. A
     * {@code message/rfc822} part whose inner message was not parsed (it was base64 or
     * quoted-printable encoded, or past {@link MimeLimits#maxNestingDepth()}), and a multipart that
     * could not be split (see {@link MimeProblem#MISSING_BOUNDARY},
     * {@link MimeProblem#BOUNDARY_TOO_LONG}), is reported here with its declared type.
     *
     * @param partNumber  the IMAP part number
     * @param contentType the content type
     * @param fields      the MIME fields
     * @param lines       for {@code text/*}, the number of lines of the body
     * @param header      the MIME header range
     * @param body        the body range; its length is the BODYSTRUCTURE size
     */
    record SinglePart(String partNumber, ContentType contentType, BodyFields fields, OptionalLong lines,
            ByteRange header, ByteRange body) implements BodyStructure {
    }

    /**
     * A {@code message/rfc822} (or {@code message/global}) part, with the message inside it.
     *
     * @param partNumber    the IMAP part number
     * @param contentType   the content type
     * @param fields        the MIME fields
     * @param envelope      the envelope of the inner message
     * @param message       the structure of the inner message's body
     * @param messageHeader the inner message's header ({@code BODY[n.HEADER]})
     * @param messageText   the inner message's body ({@code BODY[n.TEXT]})
     * @param lines         the number of lines of the part's body
     * @param header        the MIME header range
     * @param body          the body range, the whole inner message
     */
    record MessagePart(String partNumber, ContentType contentType, BodyFields fields, Envelope envelope,
            BodyStructure message, ByteRange messageHeader, ByteRange messageText, long lines, ByteRange header,
            ByteRange body) implements BodyStructure {
    }

    /**
     * A {@code multipart/*} entity and its parts.
     *
     * @param partNumber  the IMAP part number (shared with an encapsulating message part)
     * @param contentType the content type, with its boundary parameter
     * @param parts       the parts, at least one unless {@link MimeProblem#NO_PARTS} was flagged
     * @param fields      the MIME fields (disposition, language and location are the ones IMAP
     *                    reports for a multipart)
     * @param preamble    the bytes before the first boundary
     * @param epilogue    the bytes after the close delimiter; empty when there was none
     * @param closed      whether the close delimiter was seen (else
     *                    {@link MimeProblem#MISSING_FINAL_BOUNDARY})
     * @param header      the MIME header range
     * @param body        the body range
     */
    record Multipart(String partNumber, ContentType contentType, List<BodyStructure> parts, BodyFields fields,
            ByteRange preamble, ByteRange epilogue, boolean closed, ByteRange header, ByteRange body)
            implements BodyStructure {

        /** Copies the part list. */
        public Multipart {
            parts = List.copyOf(parts);
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Builds an RFC 5322 message with a MIME body: folded and encoded header fields, single parts and
 * multiparts ({@code multipart/mixed}, {@code multipart/report} for RFC 3464 bounces) with
 * generated boundaries.
 *
 * <p>Every value a caller gives is checked when it is given: CR, LF or NUL is refused with
 * {@link IllegalArgumentException} before anything is written (SECURITY-CASES SMTPC-01, MIME-01;
 * CVE-2025-7962, CVE-2024-21742). Boundaries are random and checked not to occur in the parts
 * they separate (RFC 2046 §5.1.1). A builder is not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5322#section-3.6">RFC 5322 §3.6</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2046#section-5.1">RFC 2046 §5.1</a>
 */
public final class MessageBuilder {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx",
            Locale.ROOT);
    private static final String BOUNDARY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final RandomGenerator random;
    private final List<String> fields = new ArrayList<>();
    private Part body = Part.text("");

    private MessageBuilder(RandomGenerator random) {
        this.random = random;
    }

    /**
     * Creates a builder that draws boundaries from a {@link SecureRandom}.
     *
     * @return a new builder
     */
    public static MessageBuilder builder() {
        return new MessageBuilder(new SecureRandom());
    }

    /**
     * Creates a builder that draws boundaries from the given generator (tests pass a seeded one).
     *
     * @param random the boundary source
     * @return a new builder
     */
    public static MessageBuilder builder(RandomGenerator random) {
        return new MessageBuilder(Objects.requireNonNull(random, "random"));
    }

    /**
     * Adds a {@code Date} field (RFC 5322 §3.3).
     *
     * @param date the date
     * @return this builder
     */
    public MessageBuilder date(OffsetDateTime date) {
        fields.add(HeaderEncoder.structured("Date", DATE.format(date)));
        return this;
    }

    /**
     * Adds an address field such as {@code From}, {@code To}, {@code Cc} (RFC 5322 §3.6.2-3).
     *
     * @param name      the field name
     * @param addresses the addresses
     * @return this builder
     * @throws IllegalArgumentException if a name, local part or domain holds CR, LF or NUL
     */
    public MessageBuilder addresses(String name, List<? extends Address> addresses) {
        fields.add(HeaderEncoder.addresses(name, addresses));
        return this;
    }

    /**
     * Adds a {@code From} field.
     *
     * @param from the authors
     * @return this builder
     */
    public MessageBuilder from(Mailbox... from) {
        return addresses("From", List.of(from));
    }

    /**
     * Adds a {@code To} field.
     *
     * @param to the recipients
     * @return this builder
     */
    public MessageBuilder to(Address... to) {
        return addresses("To", List.of(to));
    }

    /**
     * Adds a {@code Cc} field.
     *
     * @param cc the recipients
     * @return this builder
     */
    public MessageBuilder cc(Address... cc) {
        return addresses("Cc", List.of(cc));
    }

    /**
     * Adds a {@code Subject} field, RFC 2047 encoded when not plain ASCII.
     *
     * @param subject the subject
     * @return this builder
     * @throws IllegalArgumentException if the subject holds CR, LF or NUL
     */
    public MessageBuilder subject(String subject) {
        fields.add(HeaderEncoder.unstructured("Subject", subject));
        return this;
    }

    /**
     * Adds a {@code Message-ID} field (RFC 5322 §3.6.4).
     *
     * @param messageId the identifier with its angle brackets, {@code <left@right>}
     * @return this builder
     * @throws IllegalArgumentException if it is not in angle brackets or holds CR, LF, NUL or spaces
     */
    public MessageBuilder messageId(String messageId) {
        fields.add(HeaderEncoder.structured("Message-ID", checkId(messageId)));
        return this;
    }

    /**
     * Adds an {@code In-Reply-To} field (RFC 5322 §3.6.4).
     *
     * @param messageId the identifier replied to, with angle brackets
     * @return this builder
     */
    public MessageBuilder inReplyTo(String messageId) {
        fields.add(HeaderEncoder.structured("In-Reply-To", checkId(messageId)));
        return this;
    }

    private static String checkId(String id) {
        HeaderEncoder.checkLine("message id", id);
        if (id.length() < 3 || id.charAt(0) != '<' || id.charAt(id.length() - 1) != '>' || id.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("message id must be <left@right> without spaces");
        }
        return id;
    }

    /**
     * Adds an unstructured field, RFC 2047 encoded when not plain ASCII.
     *
     * @param name  the field name
     * @param value the text
     * @return this builder
     * @throws IllegalArgumentException if the name is not a field name or the value holds CR, LF or NUL
     */
    public MessageBuilder header(String name, String value) {
        fields.add(HeaderEncoder.unstructured(name, value));
        return this;
    }

    /**
     * Sets the body: a single part or a multipart. Without it the body is empty text.
     *
     * @param part the body
     * @return this builder
     */
    public MessageBuilder body(Part part) {
        this.body = Objects.requireNonNull(part, "part");
        return this;
    }

    /**
     * Writes the message: the fields in the order added, {@code MIME-Version: 1.0}, then the body.
     *
     * @return the message bytes, CRLF line ends
     */
    public byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : fields) {
            out.writeBytes(field.getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("MIME-Version: 1.0\r\n".getBytes(StandardCharsets.US_ASCII));
        writePart(body, out);
        return out.toByteArray();
    }

    private void writePart(Part part, ByteArrayOutputStream out) {
        if (part.parts().isEmpty()) {
            out.writeBytes(part.headers(Optional.empty()));
            out.writeBytes(part.content());
            return;
        }
        List<byte[]> children = new ArrayList<>();
        for (Part child : part.parts()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            writePart(child, bytes);
            children.add(bytes.toByteArray());
        }
        String boundary = boundary(children);
        out.writeBytes(part.headers(Optional.of(boundary)));
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        for (byte[] child : children) {
            out.writeBytes(delimiter);
            out.writeBytes(new byte[] {'\r', '\n'});
            out.writeBytes(child);
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        out.writeBytes(delimiter);
        out.writeBytes("--\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private String boundary(List<byte[]> children) {
        while (true) {
            StringBuilder boundary = new StringBuilder("=_mw_");
            for (int i = 0; i < 24; i++) {
                boundary.append(BOUNDARY_CHARS.charAt(random.nextInt(BOUNDARY_CHARS.length())));
            }
            String candidate = boundary.toString();
            byte[] needle = ("--" + candidate).getBytes(StandardCharsets.US_ASCII);
            boolean clash = false;
            for (byte[] child : children) {
                clash |= contains(child, needle);
            }
            if (!clash) {
                return candidate;
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * One MIME entity to put in a message: a leaf with content, or a multipart with parts.
     *
     * @param type        the content type (a multipart's boundary is added when written)
     * @param encoding    the content transfer encoding, {@code 7bit}, {@code 8bit},
     *                    {@code quoted-printable} or {@code base64}
     * @param disposition the content disposition, if any
     * @param content     the encoded content of a leaf (empty for a multipart)
     * @param parts       the parts of a multipart (empty for a leaf)
     */
    public record Part(ContentType type, String encoding, Optional<ContentDisposition> disposition, byte[] content,
            List<Part> parts) {

        /** Checks the values and copies the content. */
        public Part {
            HeaderEncoder.checkLine("content type", type.mediaType());
            HeaderEncoder.withParameters(type.mediaType(), type.parameters());
            disposition.ifPresent(d -> HeaderEncoder.withParameters(d.type(), d.parameters()));
            content = content.clone();
            parts = List.copyOf(parts);
        }

        /**
         * Returns a copy of the encoded content.
         *
         * @return the content bytes
         */
        @Override
        public byte[] content() {
            return content.clone();
        }

        /**
         * Creates a {@code text/plain; charset=utf-8} part; line ends become CRLF, and the text is
         * quoted-printable when it is not short-lined ASCII.
         *
         * @param text the text
         * @return the part
         */
        public static Part text(String text) {
            return text("plain", text);
        }

        /**
         * Creates a {@code text/<subtype>; charset=utf-8} part.
         *
         * @param subtype the text subtype, such as {@code html}
         * @param text    the text
         * @return the part
         */
        public static Part text(String subtype, String text) {
            byte[] bytes = crlf(text).getBytes(StandardCharsets.UTF_8);
            ContentType type = ContentType.of("text", subtype, new MimeParameter("charset", "utf-8"));
            if (isSevenBit(bytes)) {
                return new Part(type, "7bit", Optional.empty(), bytes, List.of());
            }
            return new Part(type, "quoted-printable", Optional.empty(), QuotedPrintableEncoder.encode(bytes, false),
                    List.of());
        }

        /**
         * Creates a part from bytes of any type: {@code message/*} is sent as {@code 7bit} or
         * {@code 8bit} (RFC 2046 §5.2.1 forbids other encodings there), other types as
         * {@code 7bit} when they are short-lined ASCII, else {@code base64}.
         *
         * @param type    the content type
         * @param content the bytes
         * @return the part
         */
        public static Part of(ContentType type, byte[] content) {
            if (isSevenBit(content)) {
                return new Part(type, "7bit", Optional.empty(), content, List.of());
            }
            if (type.type().equals("message")) {
                return new Part(type, "8bit", Optional.empty(), content, List.of());
            }
            return new Part(type, "base64", Optional.empty(), base64(content), List.of());
        }

        /**
         * Creates an attachment: base64 content with {@code Content-Disposition: attachment} and
         * a filename (RFC 2231 encoded when not ASCII).
         *
         * @param filename the file name
         * @param type     the content type
         * @param content  the bytes
         * @return the part
         */
        public static Part attachment(String filename, ContentType type, byte[] content) {
            HeaderEncoder.checkLine("filename", filename);
            return new Part(type, "base64", Optional.of(new ContentDisposition("attachment",
                    List.of(new MimeParameter("filename", filename)))), base64(content), List.of());
        }

        /**
         * Creates a multipart.
         *
         * @param subtype    the multipart subtype, such as {@code mixed} or {@code alternative}
         * @param parameters parameters besides the boundary
         * @param parts      the parts, at least one
         * @return the multipart
         */
        public static Part multipart(String subtype, List<MimeParameter> parameters, List<Part> parts) {
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("a multipart needs at least one part (RFC 2046 §5.1.1)");
            }
            return new Part(new ContentType("multipart", subtype, parameters), "7bit", Optional.empty(),
                    new byte[0], parts);
        }

        /**
         * Creates a {@code multipart/mixed}.
         *
         * @param parts the parts
         * @return the multipart
         */
        public static Part mixed(Part... parts) {
            return multipart("mixed", List.of(), List.of(parts));
        }

        /**
         * Creates a {@code multipart/report} (RFC 6522), as bounces use with
         * {@code report-type=delivery-status} (RFC 3464).
         *
         * @param reportType the report type
         * @param parts      the human-readable part, the report, and optionally the original
         * @return the multipart
         */
        public static Part report(String reportType, Part... parts) {
            return multipart("report", List.of(new MimeParameter("report-type", reportType)), List.of(parts));
        }

        byte[] headers(Optional<String> boundary) {
            List<MimeParameter> parameters = new ArrayList<>(type.parameters());
            boundary.ifPresent(b -> parameters.add(new MimeParameter("boundary", b)));
            StringBuilder out = new StringBuilder();
            out.append(HeaderEncoder.structured("Content-Type", HeaderEncoder.withParameters(type.mediaType(),
                    parameters)));
            if (parts.isEmpty() && !encoding.equals("7bit")) {
                out.append(HeaderEncoder.structured("Content-Transfer-Encoding", encoding));
            }
            disposition.ifPresent(d -> out.append(HeaderEncoder.structured("Content-Disposition",
                    HeaderEncoder.withParameters(d.type(), d.parameters()))));
            out.append("\r\n");
            return out.toString().getBytes(StandardCharsets.US_ASCII);
        }

        private static String crlf(String text) {
            StringBuilder out = new StringBuilder(text.length() + 16);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\r') {
                    out.append("\r\n");
                    if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                } else if (c == '\n') {
                    out.append("\r\n");
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        /** ASCII without NUL or bare CR/LF, lines of at most 998 bytes (RFC 5322 §2.1.1). */
        private static boolean isSevenBit(byte[] bytes) {
            int column = 0;
            for (int i = 0; i < bytes.length; i++) {
                byte b = bytes[i];
                if (b <= 0) {
                    return false;
                }
                if (b == '\r') {
                    if (i + 1 >= bytes.length || bytes[i + 1] != '\n') {
                        return false;
                    }
                    i++;
                    column = 0;
                } else if (b == '\n') {
                    return false;
                } else if (++column > 998) {
                    return false;
                }
            }
            return true;
        }

        private static byte[] base64(byte[] content) {
            byte[] encoded = Base64.getMimeEncoder().encode(content);
            if (encoded.length == 0) {
                return encoded;
            }
            byte[] out = new byte[encoded.length + 2];
            System.arraycopy(encoded, 0, out, 0, encoded.length);
            out[encoded.length] = '\r';
            out[encoded.length + 1] = '\n';
            return out;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Part part && type.equals(part.type) && encoding.equals(part.encoding)
                    && disposition.equals(part.disposition) && java.util.Arrays.equals(content, part.content)
                    && parts.equals(part.parts);
        }

        @Override
        public int hashCode() {
            return Objects.hash(type, encoding, disposition, parts) * 31 + java.util.Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return "Part[" + type.mediaType() + ", " + encoding + ", " + content.length + " bytes, " + parts.size()
                    + " parts]";
        }
    }
}

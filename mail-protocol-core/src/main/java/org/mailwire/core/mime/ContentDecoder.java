// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Decodes a part's body on demand, as a stream: the content transfer encoding (RFC 2045 §6) and,
 * for text, the charset (RFC 2046 §4.1.2).
 *
 * <p>The parser keeps no body; a caller opens the part's {@link BodyStructure#body()} range in the
 * stored message and wraps it here. Decoding works in fixed 8 KiB buffers whatever the body size.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2045#section-6">RFC 2045 §6</a>
 */
public final class ContentDecoder extends InputStream {

    private static final int BUFFER = 8192;

    private final InputStream raw;
    private final Base64Decoder base64;
    private final QuotedPrintableDecoder quoted;
    private final ByteBuffer in = ByteBuffer.allocate(BUFFER).flip();
    private final ByteBuffer out = ByteBuffer.allocate(BUFFER).flip();
    private boolean eof;

    private ContentDecoder(InputStream raw, String encoding) {
        this.raw = Objects.requireNonNull(raw, "raw");
        String name = encoding.strip().toLowerCase(Locale.ROOT);
        this.base64 = name.equals("base64") ? Base64Decoder.create() : null;
        this.quoted = name.equals("quoted-printable") ? QuotedPrintableDecoder.create() : null;
    }

    /**
     * Wraps a body so that reading gives its decoded bytes; {@code 7bit}, {@code 8bit},
     * {@code binary} and unknown encodings pass the bytes through unchanged.
     *
     * @param raw      the encoded body
     * @param encoding the {@code Content-Transfer-Encoding} value ({@link BodyFields#encoding()})
     * @return the decoded stream
     */
    public static InputStream decode(InputStream raw, String encoding) {
        String name = encoding.strip().toLowerCase(Locale.ROOT);
        if (!name.equals("base64") && !name.equals("quoted-printable")) {
            return raw;
        }
        return new ContentDecoder(raw, name);
    }

    /**
     * Wraps a text body so that reading gives its characters: transfer decoding, then the
     * {@code charset} parameter (default US-ASCII; an unknown charset is read as UTF-8, and
     * malformed bytes become U+FFFD).
     *
     * @param raw      the encoded body
     * @param encoding the {@code Content-Transfer-Encoding} value
     * @param type     the part's content type
     * @return a reader of the text
     */
    public static Reader text(InputStream raw, String encoding, ContentType type) {
        Charset charset = type.parameter("charset").flatMap(EncodedWords::charset)
                .orElse(type.parameter("charset").isPresent() ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII);
        return new InputStreamReader(decode(raw, encoding), charset);
    }

    @Override
    public int read() throws IOException {
        while (!out.hasRemaining()) {
            if (!fill()) {
                return -1;
            }
        }
        return out.get() & 0xff;
    }

    @Override
    public int read(byte[] into, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, into.length);
        if (len == 0) {
            return 0;
        }
        while (!out.hasRemaining()) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, out.remaining());
        out.get(into, off, n);
        return n;
    }

    /** Decodes more input into the output buffer; false at the end. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        out.clear();
        if (!in.hasRemaining()) {
            in.clear();
            int n = raw.read(in.array(), 0, in.capacity());
            if (n < 0) {
                in.limit(0);
                if (base64 != null) {
                    base64.finish(out);
                } else {
                    quoted.finish(out);
                }
                eof = true;
                out.flip();
                return out.hasRemaining();
            }
            in.limit(n);
        }
        if (base64 != null) {
            base64.decode(in, out);
        } else {
            quoted.decode(in, out);
        }
        out.flip();
        return true;
    }

    /**
     * Tells whether the body held malformed base64 or quoted-printable so far.
     *
     * @return whether something was skipped or kept literally
     */
    public boolean sawMalformed() {
        return base64 != null ? base64.sawGarbage() : quoted.sawMalformed();
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}

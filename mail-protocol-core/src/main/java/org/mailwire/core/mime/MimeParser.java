// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A one-pass, push-style parser of an RFC 5322 message and its MIME tree (RFC 2045, RFC 2046)
 * that yields what IMAP needs: header fields, {@link Envelope}, {@link BodyStructure} and the
 * byte range of every part.
 *
 * <p>Feed it the message in chunks split anywhere with {@link #feed(ByteBuffer)}, then call
 * {@link #finish()}. It never holds the message: it keeps one line of at most
 * {@link MimeLimits#maxLineLength()} bytes (in a body only the start of a line, enough to see a
 * boundary), the header field being read, the outer header fields, and a few values per part.
 * Bodies are not kept; decode one with {@link ContentDecoder} from its {@link ByteRange}.
 *
 * <p>Lines end at LF; CRLF is expected and a bare LF is flagged ({@link MimeProblem#BARE_LINE_FEED}).
 * The content of a non-text leaf outside any message/rfc822 part (an attachment: BODYSTRUCTURE
 * gives it no line count, and it may be binary) is only searched for boundary lines: its lines are
 * not counted, nor checked for bare LFs and NULs.
 * A boundary line is {@code --boundary} or {@code --boundary--} followed only by whitespace; the
 * boundaries of all open multiparts are recognised, innermost first, so a part that lacks its
 * close delimiter ends at its parent's boundary (RFC 2046 §5.1.2). Nothing the message holds makes
 * it throw; limits and malformations become {@link MimeProblem}s on the result. An instance parses
 * one message and is not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2046#section-5.1.1">RFC 2046 §5.1.1</a>
 */
public final class MimeParser {

    private enum Phase { HEADER, BODY, PARTS, EPILOGUE }

    /** An entity being parsed: the message, a part, or a message inside a message/rfc822 part. */
    private static final class Frame {
        final boolean message;
        final boolean inDigest;
        final long headerStart;
        Phase phase = Phase.HEADER;
        long bodyStart;
        long bodyStartLine;
        long bodyEnd;
        long lines;
        int headerBytes;
        int headerFields;
        boolean dropping;
        byte[] boundary;
        int boundaryHash;
        long preambleEnd = -1;
        long epilogueStart = -1;
        long epilogueEnd = -1;
        boolean closed;
        final List<Frame> children = new ArrayList<>();
        Frame encapsulated;
        /**
         * Whether this entity's body lines are counted and checked (for bare LFs and NULs): all
         * but a non-text leaf outside any message/rfc822 part, an attachment whose BODYSTRUCTURE
         * has no line count and whose content may well be binary.
         */
        boolean countsLines = true;
        ContentType contentType;
        String contentTypeValue;
        String encoding;
        String encodingToken;
        String id;
        String description;
        String md5;
        String disposition;
        String language;
        String location;
        final String[] envelope;

        Frame(boolean message, boolean inDigest, long headerStart) {
            this.message = message;
            this.inDigest = inDigest;
            this.headerStart = headerStart;
            this.envelope = message ? new String[ENVELOPE_FIELDS.size()] : null;
        }
    }

    private static final List<String> ENVELOPE_FIELDS = List.of("date", "subject", "from", "sender", "reply-to",
            "to", "cc", "bcc", "in-reply-to", "message-id");

    private final MimeLimits limits;
    private final int bodyLineCap;
    private final EnumSet<MimeProblem> problems = EnumSet.noneOf(MimeProblem.class);
    private final List<HeaderField> rootHeaders = new ArrayList<>();
    private final List<Frame> stack = new ArrayList<>();
    private final Frame root;
    private int frames = 1;
    private long kept;
    private boolean finished;

    private long offset;
    private byte[] line = new byte[256];
    private int lineLength;
    private int lineCap;
    private long lineStart;
    private boolean lineOverflow;
    private boolean tailBlank;
    private boolean lineOpen;
    private boolean lastWasCr;
    private long lineIndex;
    private int previousTerminator;
    private boolean previousLineHasText;
    private int openBoundaries;

    private byte[] field = new byte[256];
    private int fieldLength;
    private boolean fieldOpen;

    private MimeParser(MimeLimits limits) {
        this.limits = limits;
        // "--" + boundary + "--" + a CR, and a little transport padding (RFC 2046 §5.1.1).
        this.bodyLineCap = limits.maxBoundaryLength() + 16;
        this.root = new Frame(true, false, 0);
        stack.add(root);
    }

    /**
     * Creates a parser with the given limits.
     *
     * @param limits the bounds to keep to
     * @return a parser for one message
     */
    public static MimeParser of(MimeLimits limits) {
        return new MimeParser(limits);
    }

    /**
     * Parses a whole message held in memory, with the default limits.
     *
     * @param message the message bytes
     * @return the parse result
     */
    public static ParsedMessage parse(byte[] message) {
        return parse(message, MimeLimits.defaults());
    }

    /**
     * Parses a whole message held in memory.
     *
     * @param message the message bytes
     * @param limits  the bounds to keep to
     * @return the parse result
     */
    public static ParsedMessage parse(byte[] message, MimeLimits limits) {
        MimeParser parser = of(limits);
        parser.feed(ByteBuffer.wrap(message));
        return parser.finish();
    }

    /**
     * Parses a message read from a stream to its end, in chunks of 64 KiB.
     *
     * @param in     the message; not closed
     * @param limits the bounds to keep to
     * @return the parse result
     * @throws IOException if reading fails
     */
    public static ParsedMessage parse(InputStream in, MimeLimits limits) throws IOException {
        MimeParser parser = of(limits);
        byte[] chunk = new byte[64 * 1024];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            parser.feed(ByteBuffer.wrap(chunk, 0, n));
        }
        return parser.finish();
    }

    /**
     * Consumes every remaining byte of a chunk of the message.
     *
     * @param bytes the next bytes; its position is moved to its limit
     * @throws IllegalStateException if {@link #finish()} was called
     */
    public void feed(ByteBuffer bytes) {
        if (finished) {
            throw new IllegalStateException("parser already finished");
        }
        if (bytes.hasArray()) {
            int from = bytes.arrayOffset() + bytes.position();
            int to = bytes.arrayOffset() + bytes.limit();
            scan(bytes.array(), from, to);
            bytes.position(bytes.limit());
            return;
        }
        // Direct and read-only buffers go through a small bounded copy.
        if (scratch == null) {
            scratch = new byte[8192];
        }
        while (bytes.hasRemaining()) {
            int n = Math.min(scratch.length, bytes.remaining());
            bytes.get(scratch, 0, n);
            scan(scratch, 0, n);
        }
    }

    private byte[] scratch;

    /** Splits bytes into lines: runs without LF or NUL are copied (up to the line cap) in bulk. */
    private void scan(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            if (!lineOpen) {
                if (bodyPhase()) {
                    i = bodyLines(bytes, i, to);
                    if (i == to) {
                        return;
                    }
                }
                startLine();
            }
            int stop = indexOfLineFeedOrNul(bytes, i, to);
            if (stop > i) {
                append(bytes, i, stop);
                i = stop;
            }
            if (i == to) {
                return;
            }
            byte b = bytes[i++];
            offset++;
            if (b == 0) {
                if (checksContent()) {
                    problems.add(MimeProblem.NUL_BYTE);
                }
                appendByte(b);
                lastWasCr = false;
                continue;
            }
            boolean cr = lastWasCr;
            if (cr && !lineOverflow) {
                // The CR was stored as the line's last byte; it is part of the line end.
                lineLength--;
            }
            endLine(cr ? 2 : 1);
        }
    }

    /**
     * Counts whole body lines that do not start with "--" and so cannot be boundaries, without
     * copying them, and returns where the first other line starts (one that may be a boundary,
     * holds a NUL, or has its line end in a later chunk).
     */
    private int bodyLines(byte[] bytes, int from, int to) {
        int i = from;
        long lines = 0;
        int terminator = previousTerminator;
        boolean text = previousLineHasText;
        boolean bare = false;
        boolean counting = top().countsLines;
        while (true) {
            if (!counting) {
                // Only a line starting with "--" can end this part, and base64 has no '-' at
                // all: jump to the start of the line holding the next '-' (or the chunk's last
                // line), knowing only how the line before it ended.
                int dash = indexOfDash(bytes, i, to);
                int lf = dash - 1;
                while (lf >= i && bytes[lf] != '\n') {
                    lf--;
                }
                if (lf >= i) {
                    terminator = lf > i && bytes[lf - 1] == '\r' ? 2 : 1;
                    text = lf - terminator >= i && bytes[lf - terminator] != '\n';
                    lines++; // not the true count: this part's lines are never reported
                    i = lf + 1;
                }
            }
            if (i + 1 >= to || (bytes[i] == '-' && bytes[i + 1] == '-')) {
                break;
            }
            int stop = indexOfLineFeedOrNul(bytes, i, to);
            if (stop == to || bytes[stop] != '\n') {
                break;
            }
            terminator = stop > i && bytes[stop - 1] == '\r' ? 2 : 1;
            bare |= terminator == 1 && counting;
            text = stop + 1 - i > terminator;
            lines++;
            i = stop + 1;
        }
        if (lines > 0) {
            if (bare) {
                problems.add(MimeProblem.BARE_LINE_FEED);
            }
            offset += i - from;
            lineIndex += lines;
            previousTerminator = terminator;
            previousLineHasText = text;
        }
        return i;
    }

    /** Adds bytes holding no LF and no NUL to the current line. */
    private void append(byte[] bytes, int from, int to) {
        int length = to - from;
        offset += length;
        lastWasCr = bytes[to - 1] == '\r';
        int store = Math.min(length, lineCap - lineLength);
        if (store > 0) {
            if (lineLength + store > line.length) {
                line = Arrays.copyOf(line, Math.min(lineCap, Math.max(line.length * 2, lineLength + store)));
            }
            System.arraycopy(bytes, from, line, lineLength, store);
            lineLength += store;
        }
        if (store < length) {
            if (!lineOverflow) {
                lineOverflow = true;
                tailBlank = true;
            }
            // Only a line that may be a boundary needs to know whether its cut-off tail is padding.
            boolean candidate = lineLength >= 2 && line[0] == '-' && line[1] == '-';
            for (int k = from + store; k < to && tailBlank; k++) {
                byte b = bytes[k];
                tailBlank = candidate && (b == ' ' || b == '\t' || b == '\r');
            }
        }
    }

    private void appendByte(byte b) {
        if (lineLength < lineCap) {
            if (lineLength == line.length) {
                line = Arrays.copyOf(line, Math.min(lineCap, line.length * 2));
            }
            line[lineLength++] = b;
        } else {
            lineOverflow = true;
            tailBlank = false;
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long HIGHS = 0x8080808080808080L;
    private static final long BELOW_0B = 0x0B0B0B0B0B0B0B0BL;
    private static final long ONES = 0x0101010101010101L;
    private static final long DASHES = 0x2D2D2D2D2D2D2D2DL;

    /**
     * Returns the index of the first '-' in the range, or {@code to}: sixteen bytes per step,
     * {@code (x - 0x01..) & ~x & 0x80..} of {@code x = v ^ 0x2D..} being non-zero exactly when
     * a byte of {@code v} is '-' (its lowest mark is the first one).
     */
    static int indexOfDash(byte[] bytes, int from, int to) {
        int i = from;
        while (i + 16 <= to) {
            long a = (long) LONGS.get(bytes, i) ^ DASHES;
            long b = (long) LONGS.get(bytes, i + 8) ^ DASHES;
            if (((((a - ONES) & ~a) | ((b - ONES) & ~b)) & HIGHS) != 0) {
                break;
            }
            i += 16;
        }
        while (i + 8 <= to) {
            long a = (long) LONGS.get(bytes, i) ^ DASHES;
            long found = (a - ONES) & ~a & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += 8;
        }
        while (i < to && bytes[i] != '-') {
            i++;
        }
        return i;
    }

    /**
     * Returns the index of the first LF or NUL in the range, or {@code to}. Eight bytes at a time:
     * {@code (v - 0x0B..) & ~v & 0x80..} marks the bytes below 0x0B (NUL and LF among them; a
     * borrow only marks bytes above the first such byte, so the lowest mark is exact). Lines hold
     * few other bytes that low (a TAB), so a mark is nearly always the answer; when it is not, the
     * scan goes on after it.
     */
    static int indexOfLineFeedOrNul(byte[] bytes, int from, int to) {
        int i = from;
        while (i + 8 <= to) {
            long v = (long) LONGS.get(bytes, i);
            long found = (v - BELOW_0B) & ~v & HIGHS;
            if (found == 0) {
                i += 8;
                continue;
            }
            int at = i + (Long.numberOfTrailingZeros(found) >>> 3);
            byte b = bytes[at];
            if (b == '\n' || b == 0) {
                return at;
            }
            i = at + 1;
        }
        while (i < to && bytes[i] != '\n' && bytes[i] != 0) {
            i++;
        }
        return i;
    }

    private void startLine() {
        lineOpen = true;
        lineStart = offset;
        lineLength = 0;
        lineOverflow = false;
        tailBlank = true;
        lastWasCr = false;
        lineCap = top().phase == Phase.HEADER ? limits.maxLineLength() : bodyLineCap;
    }

    /** Whether the bytes now read are checked for bare LFs and NULs: see {@link Frame#countsLines}. */
    private boolean checksContent() {
        Frame top = top();
        return top.phase == Phase.HEADER || top.countsLines;
    }

    /** Whether the innermost entity is past its header, so its lines are body lines. */
    private boolean bodyPhase() {
        return top().phase != Phase.HEADER;
    }

    private Frame top() {
        return stack.get(stack.size() - 1);
    }

    /**
     * Ends the message and returns what was parsed. Parts still open end here; an open multipart
     * gets {@link MimeProblem#MISSING_FINAL_BOUNDARY}.
     *
     * @return the parse result
     * @throws IllegalStateException if called twice
     */
    public ParsedMessage finish() {
        if (finished) {
            throw new IllegalStateException("parser already finished");
        }
        if (lineOpen) {
            // The last line has no line end; a close delimiter here still counts.
            endLine(0);
        }
        finished = true;
        while (stack.size() > 1) {
            closeTop(offset, lineIndex);
        }
        close(root, offset, lineIndex);
        Frame rootFrame = root;
        BodyStructure body = messageBody(rootFrame, "");
        Envelope envelope = envelope(rootFrame);
        return new ParsedMessage(rootHeaders, envelope, body,
                ByteRange.of(0, rootFrame.bodyStart), ByteRange.of(rootFrame.bodyStart, rootFrame.bodyEnd), offset,
                problems);
    }

    // ---- lines -------------------------------------------------------------------------------

    private void endLine(int terminator) {
        lineOpen = false;
        boolean checked = checksContent();
        long lineEnd = offset;
        if (lineOverflow && top().phase == Phase.HEADER) {
            problems.add(MimeProblem.LINE_TOO_LONG);
        }
        boolean boundary = openBoundaries != 0 && boundaryLine(lineEnd);
        if (terminator == 1 && (checked || boundary)) {
            problems.add(MimeProblem.BARE_LINE_FEED);
        }
        if (!boundary) {
            Frame top = top();
            if (top.phase == Phase.HEADER) {
                headerLine(top, lineEnd, terminator);
            }
        }
        previousTerminator = terminator;
        previousLineHasText = lineLength > 0;
        lineIndex++;
    }

    /**
     * Handles the line as a boundary line of an open multipart, if it is one. The line is hashed
     * once and each open boundary is compared by length and hash first, so a line costs its
     * length plus the nesting depth, however alike the boundaries are.
     */
    private boolean boundaryLine(long lineEnd) {
        if (lineLength < 3 || line[0] != '-' || line[1] != '-' || (lineOverflow && !tailBlank)) {
            return false;
        }
        // Transport padding after the boundary is allowed (RFC 2046 §5.1.1).
        int core = lineLength;
        while (core > 2 && (line[core - 1] == ' ' || line[core - 1] == '\t')) {
            core--;
        }
        int delimiterLength = core - 2;
        int closeLength = core >= 4 && line[core - 1] == '-' && line[core - 2] == '-' ? core - 4 : -1;
        int delimiterHash = 0;
        int closeHash = 0;
        for (int i = 0; i < delimiterLength; i++) {
            if (i == closeLength) {
                closeHash = delimiterHash;
            }
            delimiterHash = 31 * delimiterHash + line[2 + i];
        }
        for (int k = stack.size() - 1; k >= 0; k--) {
            Frame frame = stack.get(k);
            if (frame.boundary == null || frame.phase == Phase.EPILOGUE || frame.phase == Phase.HEADER) {
                continue;
            }
            int length = frame.boundary.length;
            int match;
            if (length == closeLength && frame.boundaryHash == closeHash && startsWithBoundary(frame.boundary)) {
                match = 2;
            } else if (length == delimiterLength && frame.boundaryHash == delimiterHash
                    && startsWithBoundary(frame.boundary)) {
                match = 1;
            } else {
                continue;
            }
            long end = Math.max(lineStart - previousTerminator, 0);
            while (stack.size() - 1 > k) {
                closeTop(end, lineIndex);
            }
            if (frame.phase == Phase.BODY) {
                frame.preambleEnd = Math.max(frame.bodyStart, end);
            }
            if (match == 2) {
                frame.phase = Phase.EPILOGUE;
                frame.closed = true;
                frame.epilogueStart = lineEnd;
                openBoundaries--;
            } else if (frames >= limits.maxParts()) {
                problems.add(MimeProblem.TOO_MANY_PARTS);
                frame.phase = Phase.PARTS;
            } else {
                frames++;
                frame.phase = Phase.PARTS;
                Frame child = new Frame(false, frame.contentType.subtype().equals("digest"), lineEnd);
                stack.add(child);
            }
            return true;
        }
        return false;
    }

    private boolean startsWithBoundary(byte[] boundary) {
        for (int i = 0; i < boundary.length; i++) {
            if (line[2 + i] != boundary[i]) {
                return false;
            }
        }
        return true;
    }

    static int hash(byte[] bytes) {
        int h = 0;
        for (byte b : bytes) {
            h = 31 * h + b;
        }
        return h;
    }

    // ---- headers -----------------------------------------------------------------------------

    private void headerLine(Frame frame, long lineEnd, int terminator) {
        if (lineLength == 0) {
            flushField(frame);
            frame.bodyStart = lineEnd;
            frame.bodyStartLine = lineIndex + 1;
            headersComplete(frame);
            return;
        }
        boolean continuation = line[0] == ' ' || line[0] == '\t';
        if (!continuation) {
            flushField(frame);
        }
        long size = lineEnd - lineStart;
        if (frame.dropping) {
            return;
        }
        // A continuation with no field before it starts a (malformed) field of its own.
        boolean startsField = !continuation || !fieldOpen;
        if (startsField && frame.headerFields >= limits.maxHeaderFields()) {
            problems.add(MimeProblem.TOO_MANY_HEADER_FIELDS);
            frame.dropping = true;
            return;
        }
        for (int i = 0; i < lineLength; i++) {
            if (line[i] < 0) {
                problems.add(MimeProblem.EIGHT_BIT_HEADER);
                break;
            }
        }
        if (continuation && !fieldOpen) {
            problems.add(MimeProblem.MALFORMED_HEADER_LINE);
        }
        if (startsField) {
            frame.headerFields++;
            fieldOpen = true;
            fieldLength = 0;
        }
        int room = limits.maxHeaderBlockBytes() - frame.headerBytes;
        if (size > room) {
            problems.add(MimeProblem.HEADER_BLOCK_TOO_LARGE);
            frame.dropping = true;
            appendField(line, Math.min(lineLength, room));
            frame.headerBytes = limits.maxHeaderBlockBytes();
            flushField(frame);
            return;
        }
        frame.headerBytes += (int) size;
        appendField(line, lineLength);
        appendField(terminator == 2 ? CRLF : LF, terminator);
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LF = {'\n'};

    private void appendField(byte[] bytes, int length) {
        if (fieldLength + length > field.length) {
            field = Arrays.copyOf(field, Math.max(field.length * 2, fieldLength + length));
        }
        System.arraycopy(bytes, 0, field, fieldLength, length);
        fieldLength += length;
    }

    private void flushField(Frame frame) {
        if (!fieldOpen) {
            return;
        }
        fieldOpen = false;
        byte[] bytes = field;
        int length = fieldLength;
        fieldLength = 0;
        // The name as HeaderField.parse reads it: up to the colon, whitespace before it trimmed.
        int colon = HeaderField.indexOfColon(bytes, length);
        int nameEnd = colon;
        if (colon < 0 || bytes[0] == ' ' || bytes[0] == '\t') {
            nameEnd = 0;
        } else {
            while (nameEnd > 0 && (bytes[nameEnd - 1] == ' ' || bytes[nameEnd - 1] == '\t')) {
                nameEnd--;
            }
        }
        if (nameEnd == 0) {
            problems.add(MimeProblem.MALFORMED_HEADER_LINE);
        }
        if (frame == root) {
            // The root's fields are bounded by maxHeaderBlockBytes and kept whole.
            rootHeaders.add(HeaderField.parse(Arrays.copyOf(bytes, length)));
        }
        if (nameEnd > 0) {
            interpret(frame, bytes, length, nameEnd, colon);
        }
        if (field.length > 64 * 1024) {
            field = new byte[256];
        }
    }

    /** The lower-case names of the fields a part's BODYSTRUCTURE and a message's ENVELOPE read. */
    private static final byte[][] CONTENT_FIELDS = names("content-type", "content-transfer-encoding", "content-id",
            "content-description", "content-md5", "content-disposition", "content-language", "content-location");
    private static final byte[][] ENVELOPE_NAMES = names(ENVELOPE_FIELDS.toArray(new String[0]));
    private static final byte[] CONTENT_PREFIX = "content-".getBytes(StandardCharsets.US_ASCII);

    private static byte[][] names(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    /** Compares a field name with a lower-case ASCII name, ignoring ASCII case, without a String. */
    private static boolean nameIs(byte[] lower, byte[] bytes, int from, int length) {
        if (length < lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            byte b = bytes[from + i];
            if (b != lower[i] && !(b >= 'A' && b <= 'Z' && b + 32 == lower[i])) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfName(byte[][] names, byte[] bytes, int nameEnd) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].length == nameEnd && nameIs(names[i], bytes, 0, nameEnd)) {
                return i;
            }
        }
        return -1;
    }

    /** Keeps the value of a field BODYSTRUCTURE or ENVELOPE reports; the name is matched as bytes. */
    private void interpret(Frame frame, byte[] bytes, int length, int nameEnd, int colon) {
        boolean content = nameIs(CONTENT_PREFIX, bytes, 0, nameEnd);
        int envelopeIndex = !content && frame.message ? indexOfName(ENVELOPE_NAMES, bytes, nameEnd) : -1;
        if (!content && envelopeIndex < 0) {
            return;
        }
        // Every value kept counts against one budget, so many parts cannot add up to much memory.
        kept += length;
        if (kept > limits.maxKeptBytes()) {
            problems.add(MimeProblem.TOO_MUCH_KEPT);
            return;
        }
        if (content) {
            switch (indexOfName(CONTENT_FIELDS, bytes, nameEnd)) {
                case 0 -> frame.contentTypeValue = first(frame.contentTypeValue, bytes, colon, length);
                case 1 -> frame.encoding = first(frame.encoding, bytes, colon, length);
                case 2 -> frame.id = first(frame.id, bytes, colon, length);
                case 3 -> frame.description = first(frame.description, bytes, colon, length);
                case 4 -> frame.md5 = first(frame.md5, bytes, colon, length);
                case 5 -> frame.disposition = first(frame.disposition, bytes, colon, length);
                case 6 -> frame.language = first(frame.language, bytes, colon, length);
                case 7 -> frame.location = first(frame.location, bytes, colon, length);
                default -> {
                }
            }
        } else if (frame.envelope[envelopeIndex] == null) {
            frame.envelope[envelopeIndex] = HeaderField.unfold(bytes, colon + 1, length);
        }
    }

    private static String first(String current, byte[] bytes, int colon, int length) {
        return current != null ? current : HeaderField.unfold(bytes, colon + 1, length);
    }

    /** Decides what the body is once the header is read: leaf, multipart, or encapsulated message. */
    private void headersComplete(Frame frame) {
        frame.phase = Phase.BODY;
        frame.contentType = contentType(frame);
        String encoding = encoding(frame);
        boolean roomForChild = stack.size() < limits.maxNestingDepth();
        if (frame.contentType.isMultipart()) {
            Optional<String> boundary = frame.contentType.parameter("boundary");
            if (boundary.isEmpty() || boundary.get().isEmpty()) {
                problems.add(MimeProblem.MISSING_BOUNDARY);
            } else if (boundary.get().length() > limits.maxBoundaryLength()) {
                problems.add(MimeProblem.BOUNDARY_TOO_LONG);
            } else if (!roomForChild) {
                problems.add(MimeProblem.NESTING_TOO_DEEP);
            } else {
                frame.boundary = boundary.get().getBytes(StandardCharsets.UTF_8);
                frame.boundaryHash = hash(frame.boundary);
                openBoundaries++;
            }
        } else if (frame.contentType.isMessage() && !encoding.equals("base64") && !encoding.equals("quoted-printable")) {
            if (!roomForChild) {
                problems.add(MimeProblem.NESTING_TOO_DEEP);
            } else if (frames >= limits.maxParts()) {
                problems.add(MimeProblem.TOO_MANY_PARTS);
            } else {
                frames++;
                frame.phase = Phase.PARTS;
                Frame inner = new Frame(true, false, frame.bodyStart);
                stack.add(inner);
            }
        }
        if (frame.phase == Phase.BODY && frame.boundary == null) {
            frame.countsLines = frame.contentType.type().equals("text") || insideMessagePart();
        }
    }

    /** Whether an open message/rfc822 part (whose BODYSTRUCTURE counts its lines) holds the top entity. */
    private boolean insideMessagePart() {
        for (int k = 0; k < stack.size() - 1; k++) {
            Frame f = stack.get(k);
            if (f.phase == Phase.PARTS && f.boundary == null) {
                return true;
            }
        }
        return false;
    }

    private ContentType contentType(Frame frame) {
        if (frame.contentTypeValue != null) {
            Optional<ContentType> parsed = ContentType.parse(frame.contentTypeValue);
            if (parsed.isPresent()) {
                return parsed.get();
            }
        }
        // RFC 2045 §5.2 default, or message/rfc822 inside a digest (RFC 2046 §5.1.5).
        return frame.inDigest && frame.contentTypeValue == null ? ContentType.digestDefault()
                : ContentType.textPlainDefault();
    }

    private static String encoding(Frame frame) {
        if (frame.encodingToken == null) {
            frame.encodingToken = readEncoding(frame);
        }
        return frame.encodingToken;
    }

    private static String readEncoding(Frame frame) {
        if (frame.encoding == null) {
            return "7bit";
        }
        MimeTokens in = new MimeTokens(frame.encoding);
        in.skipCommentsAndSpace();
        String token = in.token().toLowerCase(Locale.ROOT);
        return token.isEmpty() ? "7bit" : token;
    }

    // ---- closing -----------------------------------------------------------------------------

    private void closeTop(long end, long boundaryLine) {
        Frame frame = stack.remove(stack.size() - 1);
        close(frame, end, boundaryLine);
        Frame parent = top();
        if (frame.message) {
            // Only an encapsulated message is pushed as a message frame; the root is never popped.
            parent.encapsulated = frame;
        } else {
            parent.children.add(frame);
        }
    }

    /** Ends a frame whose body runs to {@code end}, the next line (a boundary, or none) being {@code endLine}. */
    private void close(Frame frame, long end, long endLine) {
        if (frame.phase == Phase.HEADER) {
            flushField(frame);
            frame.contentType = contentType(frame);
            // A header cut short by a boundary keeps its last line end; the body is empty.
            frame.bodyStart = finished ? Math.max(frame.headerStart, end) : Math.max(frame.headerStart, lineStart);
            frame.bodyStartLine = endLine;
            frame.phase = Phase.BODY;
        }
        frame.bodyEnd = Math.max(frame.bodyStart, end);
        if (frame.bodyEnd == frame.bodyStart || endLine <= frame.bodyStartLine || !frame.countsLines) {
            frame.lines = 0;
        } else if (finished) {
            frame.lines = endLine - frame.bodyStartLine;
        } else {
            frame.lines = endLine - 1 - frame.bodyStartLine + (previousLineHasText ? 1 : 0);
        }
        if (frame.boundary != null) {
            if (frame.phase == Phase.EPILOGUE) {
                frame.epilogueEnd = Math.max(frame.epilogueStart, end);
            } else {
                openBoundaries--;
                if (frame.children.isEmpty() && frame.phase == Phase.BODY) {
                    problems.add(MimeProblem.NO_PARTS);
                } else {
                    problems.add(MimeProblem.MISSING_FINAL_BOUNDARY);
                }
                if (frame.preambleEnd < 0) {
                    frame.preambleEnd = frame.bodyEnd;
                }
            }
        }
    }

    // ---- results -----------------------------------------------------------------------------

    private BodyStructure messageBody(Frame message, String number) {
        if (message.boundary != null) {
            return build(message, number);
        }
        return build(message, number.isEmpty() ? "1" : number + ".1");
    }

    private BodyStructure build(Frame frame, String number) {
        ByteRange header = ByteRange.of(frame.headerStart, frame.bodyStart);
        ByteRange body = ByteRange.of(frame.bodyStart, frame.bodyEnd);
        BodyFields fields = fields(frame);
        if (frame.boundary != null) {
            List<BodyStructure> parts = new ArrayList<>(frame.children.size());
            for (int i = 0; i < frame.children.size(); i++) {
                String child = number.isEmpty() ? Integer.toString(i + 1) : number + "." + (i + 1);
                parts.add(build(frame.children.get(i), child));
            }
            long preambleEnd = frame.preambleEnd < 0 ? frame.bodyStart : frame.preambleEnd;
            ByteRange epilogue = frame.closed ? ByteRange.of(frame.epilogueStart, Math.max(frame.epilogueStart,
                    frame.epilogueEnd)) : new ByteRange(frame.bodyEnd, 0);
            return new BodyStructure.Multipart(number, frame.contentType, parts, fields,
                    ByteRange.of(frame.bodyStart, preambleEnd), epilogue, frame.closed, header, body);
        }
        Frame inner = frame.encapsulated;
        if (inner != null) {
            return new BodyStructure.MessagePart(number, frame.contentType, fields, envelope(inner),
                    messageBody(inner, number), ByteRange.of(inner.headerStart, inner.bodyStart),
                    ByteRange.of(inner.bodyStart, inner.bodyEnd), frame.lines, header, body);
        }
        OptionalLong lines = frame.contentType.type().equals("text") ? OptionalLong.of(frame.lines)
                : OptionalLong.empty();
        return new BodyStructure.SinglePart(number, frame.contentType, fields, lines, header, body);
    }

    private BodyFields fields(Frame frame) {
        List<String> language = List.of();
        if (frame.language != null) {
            language = new ArrayList<>(2);
            // RFC 3282: a comma-separated list of language tags.
            int start = 0;
            String value = frame.language;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                String tag = value.substring(start, end).strip();
                if (!tag.isEmpty()) {
                    language.add(tag);
                }
                start = end + 1;
            }
        }
        return new BodyFields(Optional.ofNullable(frame.id), Optional.ofNullable(frame.description),
                encoding(frame), Optional.ofNullable(frame.md5),
                Optional.ofNullable(frame.disposition).flatMap(ContentDisposition::parse), language,
                Optional.ofNullable(frame.location));
    }

    private Envelope envelope(Frame frame) {
        String[] values = frame.envelope;
        return new Envelope(Optional.ofNullable(values[0]), Optional.ofNullable(values[1]), addresses(values[2]),
                addresses(values[3]), addresses(values[4]), addresses(values[5]), addresses(values[6]),
                addresses(values[7]), Optional.ofNullable(values[8]), Optional.ofNullable(values[9]));
    }

    private List<Address> addresses(String value) {
        if (value == null) {
            return List.of();
        }
        AddressList list = AddressList.parse(value, limits.maxAddresses());
        if (list.truncated()) {
            problems.add(MimeProblem.TOO_MANY_ADDRESSES);
        }
        return list.addresses();
    }
}

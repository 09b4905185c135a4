// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.iap.Protocol;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.mailwire.imap.codec.ImapFrame;
import org.mailwire.imap.codec.ImapFramer;
import org.mailwire.imap.codec.ImapLimits;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.codec.ImapResponseDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Client-side parsing of one FETCH response, mailwire's {@link ImapFramer} +
 * {@link ImapResponseDecoder} beside Angus Mail's (Jakarta Mail's IMAP provider) {@code Protocol}
 * + {@code ResponseInputStream} + {@link FetchResponse}, from the same octets:
 * <ul>
 *   <li>{@code envelope}: {@code * 12 FETCH (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE
 *       BODYSTRUCTURE)} of a multipart/mixed message (multipart/alternative text and HTML, a PDF
 *       attachment), with a realistic envelope: about 1.6 KB;</li>
 *   <li>{@code body10k} and {@code body64k}: {@code * 12 FETCH (UID 4827 BODY[] {n}} with a 10 KiB
 *       or 64 KiB literal.</li>
 * </ul>
 * One operation decodes one response into values; both sides read from an in-memory stream of
 * the response repeated, so neither pays for I/O. Run with {@code -prof gc} for the allocation.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class ImapFetchResponseBenchmark {

    /** Which response. */
    @Param({"envelope", "body10k", "body64k"})
    public String response;

    private byte[] wire;
    private ByteBuffer input;
    private ImapFramer framer;
    private ImapResponseDecoder decoder;
    private Protocol angus;

    /** A multipart message's FETCH response, as Dovecot or Cyrus would send it. */
    static final String ENVELOPE_RESPONSE = "* 12 FETCH (UID 4827 FLAGS (\\Seen $Forwarded) INTERNALDATE"
            + " \"17-Jul-2024 02:44:25 -0700\" RFC822.SIZE 48286 ENVELOPE (\"Wed, 17 Jul 2024 02:23:25 -0700\""
            + " \"Re: Quarterly figures and the draft agenda for Thursday\" ((\"Terry Gray\" NIL \"gray\""
            + " \"example.org\")) ((\"Terry Gray\" NIL \"gray\" \"example.org\")) ((\"Terry Gray\" NIL \"gray\""
            + " \"example.org\")) ((\"Alice Smith\" NIL \"alice\" \"example.com\")(NIL NIL \"bob\" \"example.net\"))"
            + " ((\"Minutes\" NIL \"minutes\" \"lists.example.org\")) NIL \"<20240716.1234@example.com>\""
            + " \"<CAF3xq8w0PqR2bH=9Zk1@mail.example.org>\") BODYSTRUCTURE (((\"text\" \"plain\" (\"charset\""
            + " \"utf-8\" \"format\" \"flowed\") NIL NIL \"quoted-printable\" 2130 48 NIL NIL NIL NIL)(\"text\""
            + " \"html\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 8461 170 NIL NIL NIL NIL)"
            + " \"alternative\" (\"boundary\" \"000000000000a1b2c3d4e5f6\") NIL NIL NIL)(\"application\" \"pdf\""
            + " (\"name\" \"Q2 figures.pdf\") \"<f_lyq2x1r40>\" NIL \"base64\" 36402 NIL (\"attachment\""
            + " (\"filename\" \"Q2 figures.pdf\" \"size\" \"26595\")) NIL NIL) \"mixed\" (\"boundary\""
            + " \"000000000000f6e5d4c3b2a1\") NIL (\"en\") NIL))\r\n";

    static byte[] bodyResponse(int size) {
        StringBuilder body = new StringBuilder(size);
        int line = 0;
        while (body.length() < size) {
            String text = "Line " + line++ + " of the message body, plain text as most mail is today.";
            body.append(text, 0, Math.min(text.length(), Math.max(0, size - body.length() - 2)));
            if (body.length() <= size - 2) {
                body.append("\r\n");
            } else {
                body.append('.');
            }
        }
        body.setLength(size);
        return ("* 12 FETCH (UID 4827 BODY[] {" + size + "}\r\n" + body + ")\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** An input stream that repeats the same octets forever, so a parser reads one response per call. */
    static final class Repeating extends InputStream {
        private final byte[] data;
        private int at;

        Repeating(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            int b = data[at] & 0xFF;
            at = (at + 1) % data.length;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = Math.min(len, data.length - at);
            System.arraycopy(data, at, b, off, n);
            at = (at + n) % data.length;
            return n;
        }
    }

    /** Angus's protocol object over a stream, with no socket (its test constructor). */
    static final class StreamProtocol extends Protocol {
        StreamProtocol(InputStream in) throws IOException {
            super(in, new PrintStream(OutputStream.nullOutputStream()), new Properties(), false);
        }
    }

    /** Builds the inputs and checks that both parsers read them. */
    @Setup
    public void setup() throws IOException, ProtocolException {
        wire = switch (response) {
            case "envelope" -> ENVELOPE_RESPONSE.getBytes(StandardCharsets.US_ASCII);
            case "body10k" -> bodyResponse(10 * 1024);
            case "body64k" -> bodyResponse(64 * 1024);
            default -> throw new IllegalArgumentException(response);
        };
        input = ByteBuffer.wrap(wire);
        framer = ImapFramer.forResponses(ImapLimits.defaults());
        decoder = ImapResponseDecoder.of(true, ImapLimits.defaults());
        angus = new StreamProtocol(new Repeating(wire));
        ImapResponse ours = mailwire();
        FetchResponse theirs = angus();
        if (!(ours instanceof ImapResponse.Fetch f) || f.items().size() != theirs.getItemCount()) {
            throw new IllegalStateException("the parsers disagree: " + ours + " / " + theirs.getItemCount());
        }
    }

    /** mailwire: frame and decode one response. */
    @Benchmark
    public ImapResponse mailwire() {
        input.clear();
        ImapFrame frame = framer.next(input);
        ImapResponseDecoder.Result result = decoder.decode((ImapFrame.Line) frame);
        return ((ImapResponseDecoder.Result.Decoded) result).response();
    }

    /** Angus Mail: read one response off the stream and parse its FETCH items. */
    @Benchmark
    public FetchResponse angus() throws IOException, ProtocolException {
        return new FetchResponse(angus);
    }
}

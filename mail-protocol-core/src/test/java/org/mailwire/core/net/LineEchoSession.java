// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.mailwire.core.protocol.ProtocolSession;
import org.mailwire.core.protocol.Step;

/**
 * The small line protocol the transport tests run: a greeting, {@code ECHO} of each line,
 * {@code STARTTLS} (reply {@code GO}, then upgrade), {@code FLOOD n} (n lines of 1 KiB produced
 * lazily), {@code ASK x} (an event the application answers, maybe later), {@code QUIT}.
 */
class LineEchoSession implements ProtocolSession<String> {

    static final int MAX_LINE = 1000;
    static final int FLOOD_LINE = 1024;

    /** Every line this session processed, for assertions. */
    final List<String> processed = new CopyOnWriteArrayList<>();
    /** Every buffer the driver handed over, to check that consumed ones are emptied. */
    final List<ByteBuffer> received = new CopyOnWriteArrayList<>();
    /** Octets produced by FLOOD so far. */
    final AtomicLong produced = new AtomicLong();

    private final ArrayDeque<Step<String>> pending = new ArrayDeque<>();
    private final StringBuilder line = new StringBuilder();
    private ByteBuffer input;
    private boolean greeted;
    private boolean sawCr;
    private boolean waiting;
    private long floodLeft;
    private boolean closed;
    private boolean eof;
    private boolean shutdown;

    @Override
    public void receive(ByteBuffer bytes) {
        input = bytes;
        received.add(bytes);
    }

    @Override
    public void receiveEof() {
        eof = true;
    }

    @Override
    public void receiveShutdown() {
        shutdown = true;
    }

    @Override
    public void receiveTimeout() {
        pending.add(write("TIMEOUT"));
        pending.add(Step.close());
    }

    /** The application's answer to an {@code ASK} event. */
    void answer(String text) {
        if (!waiting) {
            throw new IllegalStateException("nothing asked");
        }
        waiting = false;
        pending.add(write("ANSWER " + text));
    }

    @Override
    public Step<String> next() {
        if (closed) {
            return Step.close();
        }
        if (!greeted) {
            greeted = true;
            return write("HELLO");
        }
        if (!pending.isEmpty()) {
            Step<String> s = pending.poll();
            if (s instanceof Step.Close<String>) {
                closed = true;
            }
            return s;
        }
        if (waiting) {
            return Step.awaitApplication();
        }
        if (floodLeft > 0) {
            floodLeft--;
            produced.addAndGet(FLOOD_LINE);
            byte[] chunk = new byte[FLOOD_LINE];
            java.util.Arrays.fill(chunk, (byte) 'x');
            chunk[FLOOD_LINE - 2] = '\r';
            chunk[FLOOD_LINE - 1] = '\n';
            return Step.write(ByteBuffer.wrap(chunk));
        }
        if (shutdown) {
            closed = true;
            pending.add(Step.close());
            return write("SHUTDOWN");
        }
        while (input != null && input.hasRemaining()) {
            byte b = input.get();
            if (sawCr && b == '\n') {
                sawCr = false;
                String l = line.toString();
                line.setLength(0);
                return command(l);
            }
            if (sawCr) {
                line.append('\r');
                sawCr = false;
            }
            if (b == '\r') {
                sawCr = true;
            } else if (line.length() < MAX_LINE) {
                line.append((char) (b & 0xff));
            }
        }
        if (eof) {
            closed = true;
            return Step.close();
        }
        return line.length() > 0 || sawCr ? Step.needMoreOfCommand() : Step.needInput();
    }

    private Step<String> command(String l) {
        processed.add(l);
        if (l.equals("QUIT")) {
            pending.add(Step.close());
            return write("BYE");
        }
        if (l.equals("STARTTLS")) {
            // RFC 3207 §4.2: drop whatever else arrived in plaintext.
            if (input != null) {
                input.position(input.limit());
            }
            line.setLength(0);
            sawCr = false;
            pending.add(Step.upgradeTls());
            return write("GO");
        }
        if (l.equals("COMPRESS")) {
            // RFC 4978 §3: the answer goes uncompressed, everything after it compressed; octets
            // already received behind the command are compressed data, left to the transport.
            pending.add(Step.startCompression());
            return write("GO DEFLATE");
        }
        if (l.startsWith("FLOOD ")) {
            floodLeft = Long.parseLong(l.substring(6));
            return write("FLOODING");
        }
        if (l.startsWith("ASK ")) {
            waiting = true;
            return Step.event(l.substring(4));
        }
        return write("ECHO " + l);
    }

    private static Step<String> write(String text) {
        return Step.write(ByteBuffer.wrap((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
    }
}

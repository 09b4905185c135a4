// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.mailwire.core.protocol.ProtocolSession;
import org.mailwire.core.protocol.Step;

/**
 * The client side of the line protocol: sends what the test queues and hands every received
 * line to the application as an event. After sending {@code STARTTLS} it upgrades on {@code GO},
 * discarding whatever else came in plaintext.
 */
final class LineClientSession implements ProtocolSession<String> {

    private final ArrayDeque<String> toSend = new ArrayDeque<>();
    private final StringBuilder line = new StringBuilder();
    private ByteBuffer input;
    private boolean startTlsSent;
    private boolean upgrade;
    private boolean eof;
    private boolean closed;

    /** Queues a line to send; call on the connection's loop (inside Connection.execute). */
    void send(String l) {
        toSend.add(l);
    }

    @Override
    public void receive(ByteBuffer bytes) {
        input = bytes;
    }

    @Override
    public void receiveEof() {
        eof = true;
    }

    @Override
    public Step<String> next() {
        if (closed) {
            return Step.close();
        }
        if (upgrade) {
            upgrade = false;
            return Step.upgradeTls();
        }
        if (!toSend.isEmpty()) {
            String l = toSend.poll();
            if (l.equals("STARTTLS")) {
                startTlsSent = true;
            }
            return Step.write(ByteBuffer.wrap((l + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        }
        while (input != null && input.hasRemaining()) {
            byte b = input.get();
            if (b == '\n') {
                String l = line.toString();
                line.setLength(0);
                if (startTlsSent && l.equals("GO")) {
                    startTlsSent = false;
                    input.position(input.limit()); // never act on plaintext after the upgrade reply
                    upgrade = true;
                }
                return Step.event(l);
            }
            if (b != '\r') {
                line.append((char) (b & 0xff));
            }
        }
        if (eof) {
            closed = true;
            return Step.event("<EOF>");
        }
        return Step.needInput();
    }
}

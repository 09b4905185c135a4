// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.mailwire.core.mime.MimeLimits;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.store.Flags;
import org.mailwire.store.MessageInfo;

/** Builds message views over byte arrays for the engine's tests, counting what is read. */
final class TestMessages {

    static final Instant DATE = Instant.parse("1996-07-17T09:44:25Z");

    private TestMessages() {
    }

    /** Joins lines with CRLF (each line gets one). */
    static String crlf(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line).append("\r\n");
        }
        return sb.toString();
    }

    static MessageView view(String message) {
        return view(message.getBytes(StandardCharsets.UTF_8), 1, Flags.none(), DATE);
    }

    static MessageView view(byte[] message, long uid, Flags flags, Instant date) {
        return MessageView.of(new MessageInfo(uid, 1, flags, date, message.length), opener(message),
                MimeLimits.defaults());
    }

    static ContentOpener opener(byte[] message) {
        return new CountingOpener(message);
    }

    /** An opener over an array that counts the octets its streams hand out. */
    static final class CountingOpener implements ContentOpener {
        final byte[] message;
        final AtomicLong read = new AtomicLong();
        final AtomicLong opens = new AtomicLong();

        CountingOpener(byte[] message) {
            this.message = message;
        }

        @Override
        public InputStream open() {
            return open(0, message.length);
        }

        @Override
        public InputStream open(long offset, long length) {
            opens.incrementAndGet();
            int from = (int) Math.min(offset, message.length);
            int len = (int) Math.min(length, message.length - from);
            return new ByteArrayInputStream(message, from, len) {
                @Override
                public synchronized int read(byte[] b, int off, int n) {
                    int r = super.read(b, off, n);
                    if (r > 0) {
                        read.addAndGet(r);
                    }
                    return r;
                }

                @Override
                public synchronized int read() {
                    int r = super.read();
                    if (r >= 0) {
                        read.incrementAndGet();
                    }
                    return r;
                }
            };
        }
    }

    /** The wire form of a FETCH response carrying the given items. */
    static String wire(long seq, FetchData... items) {
        return new String(new ImapResponse.Fetch(seq, java.util.List.of(items)).toBytes(), StandardCharsets.UTF_8);
    }

    static byte[] readAll(StreamedSection s) throws IOException {
        try (InputStream in = s.open()) {
            return in.readAllBytes();
        }
    }
}

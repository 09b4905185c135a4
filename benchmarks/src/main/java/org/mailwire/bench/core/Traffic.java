// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.core;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/** Deterministic, realistic protocol traffic for the codec benchmarks, and ways to feed it. */
final class Traffic {

    /** A typical TCP segment payload: every benchmark is fed in chunks of this size. */
    static final int CHUNK = 1500;

    private static final String[] WORDS = {
        "the", "message", "delivery", "mailbox", "server", "quarterly", "report", "attached", "please",
        "review", "before", "Monday", "meeting", "agenda", "budget", "forecast", "regards", "thanks",
        "customer", "invoice", "shipping", "update", "schedule", "project", "release", "notes", "and",
        "of", "to", "in", "for", "with", "on", "at", "by", "from", "about", "confirmed", "pending",
    };

    private Traffic() {
    }

    /**
     * A dot-stuffed message body of about {@code size} octets: headers, then text lines of about
     * 76 characters, one line in 20 beginning with a (stuffed) dot; without the terminator.
     */
    static String stuffedBody(int size) {
        SplittableRandom random = new SplittableRandom(5321);
        StringBuilder body = new StringBuilder(size + 200);
        body.append("From: Alice <alice@example.test>\r\n")
                .append("To: Bob <bob@example.test>\r\n")
                .append("Subject: Quarterly report\r\n")
                .append("Date: Mon, 23 Nov 2026 19:00:00 +0000\r\n")
                .append("Message-ID: <20261123190000.4711@example.test>\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
        int line = 0;
        while (body.length() < size) {
            if (++line % 20 == 0) {
                body.append("..");
            }
            int target = 60 + random.nextInt(17);
            int start = body.length();
            while (body.length() - start < target) {
                body.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            body.setLength(body.length() - 1);
            body.append(line % 7 == 0 ? "." : "").append("\r\n");
        }
        return body.toString();
    }

    /** A pipelined SMTP session (RFC 2920) carrying one message of about 64 KB. */
    static byte[] smtpSession() {
        String session = "EHLO client.example.test\r\n"
                + "MAIL FROM:<alice@example.test> SIZE=65536 BODY=8BITMIME\r\n"
                + "RCPT TO:<bob@example.test>\r\n"
                + "RCPT TO:<carol@example.test>\r\n"
                + "RCPT TO:<dave@example.test> NOTIFY=SUCCESS,FAILURE\r\n"
                + "DATA\r\n"
                + stuffedBody(64 * 1024)
                + ".\r\n"
                + "RSET\r\nNOOP\r\nQUIT\r\n";
        return session.getBytes(ISO_8859_1);
    }

    /** About 64 KB of IMAP traffic: tagged commands and untagged FETCH, FLAGS and LIST responses. */
    static byte[] imapSession() {
        SplittableRandom random = new SplittableRandom(9051);
        StringBuilder out = new StringBuilder(70_000);
        out.append("a001 CAPABILITY\r\n")
                .append("* CAPABILITY IMAP4rev2 IMAP4rev1 STARTTLS AUTH=PLAIN IDLE CONDSTORE\r\n")
                .append("a001 OK CAPABILITY completed\r\n")
                .append("a002 LIST \"\" \"*\"\r\n");
        for (int i = 0; i < 40; i++) {
            out.append("* LIST (\\HasNoChildren) \"/\" \"INBOX/Projects/").append(WORDS[i % WORDS.length])
                    .append('-').append(i).append("\"\r\n");
        }
        out.append("a002 OK LIST completed\r\n")
                .append("a003 SELECT INBOX\r\n")
                .append("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)\r\n")
                .append("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Limited\r\n")
                .append("* 4711 EXISTS\r\n* OK [UIDVALIDITY 3857529045] UIDs valid\r\n")
                .append("a003 OK [READ-WRITE] SELECT completed\r\n")
                .append("a004 UID FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE)\r\n");
        String[] flags = {"(\\Seen)", "()", "(\\Seen \\Answered)", "(\\Flagged \\Seen)", "($Forwarded \\Seen)"};
        int n = 0;
        while (out.length() < 64 * 1024) {
            n++;
            out.append("* ").append(n).append(" FETCH (UID ").append(1000 + n).append(" FLAGS ")
                    .append(flags[random.nextInt(flags.length)]).append(" RFC822.SIZE ")
                    .append(1000 + random.nextInt(90_000)).append(" INTERNALDATE \"")
                    .append(1 + random.nextInt(28)).append("-Nov-2026 1").append(random.nextInt(10))
                    .append(":0").append(random.nextInt(10)).append(":00 +0000\")\r\n");
            if (n % 50 == 0) {
                out.append("a").append(100 + n).append(" NOOP\r\n").append("a").append(100 + n)
                        .append(" OK NOOP completed\r\n");
            }
        }
        out.append("a004 OK UID FETCH completed\r\n").append("a005 LOGOUT\r\n");
        return out.toString().getBytes(ISO_8859_1);
    }

    /** The bytes as consecutive chunks of at most {@link #CHUNK} octets, views on one array. */
    static ByteBuffer[] chunks(byte[] bytes) {
        int count = (bytes.length + CHUNK - 1) / CHUNK;
        ByteBuffer[] chunks = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            int from = i * CHUNK;
            chunks[i] = ByteBuffer.wrap(bytes, from, Math.min(CHUNK, bytes.length - from)).slice();
        }
        return chunks;
    }

    /** An input stream that, like a socket, returns at most {@link #CHUNK} octets per read. */
    static final class ChunkedStream extends InputStream {
        private final byte[] bytes;
        private int position;

        ChunkedStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, CHUNK), bytes.length - position);
            System.arraycopy(bytes, position, target, offset, n);
            position += n;
            return n;
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

/**
 * Counts the {@code Received:} trace fields in a message header, the loop check of RFC 5321
 * §6.3 ("simply counting the number of Received header fields").
 */
final class TraceFields {

    private static final byte[] RECEIVED = "received:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private TraceFields() {
    }

    /**
     * Counts the fields named {@code Received} in the header at the start of the bytes.
     *
     * @param head the start of the message (the header, or as much as was read)
     * @return the count
     */
    static int countReceived(byte[] head) {
        int count = 0;
        int line = 0;
        while (line < head.length) {
            if (head[line] == '\r' || head[line] == '\n') {
                break;   // the blank line ends the header
            }
            if (startsWithIgnoreCase(head, line)) {
                count++;
            }
            int next = line;
            while (next < head.length && head[next] != '\n') {
                next++;
            }
            line = next + 1;
        }
        return count;
    }

    private static boolean startsWithIgnoreCase(byte[] bytes, int at) {
        if (at + RECEIVED.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < RECEIVED.length; i++) {
            int c = bytes[at + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != RECEIVED[i]) {
                return false;
            }
        }
        return true;
    }
}

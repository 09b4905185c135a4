// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

/**
 * An enhanced mail system status code, {@code class.subject.detail}, as carried at the start of
 * SMTP reply text (RFC 2034) with the meanings of RFC 3463.
 *
 * @param klass 2 (success), 4 (persistent transient failure) or 5 (permanent failure)
 * @param subject 0 to 999
 * @param detail 0 to 999
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3463#section-2">RFC 3463 §2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2034#section-4">RFC 2034 §4</a>
 */
public record EnhancedStatus(int klass, int subject, int detail) {

    /**
     * Checks ranges.
     *
     * @param klass 2, 4 or 5
     * @param subject 0 to 999 ({@code 1*3digit})
     * @param detail 0 to 999 ({@code 1*3digit})
     * @throws IllegalArgumentException if a part is out of range
     */
    public EnhancedStatus {
        if (klass != 2 && klass != 4 && klass != 5) {
            throw new IllegalArgumentException("class must be 2, 4 or 5: " + klass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("subject and detail must be 0 to 999: " + subject + "." + detail);
        }
    }

    /**
     * Parses the text form, such as {@code 5.1.1}.
     *
     * @param text three dot-separated numbers of 1 to 3 digits, the first 2, 4 or 5
     * @return the status
     * @throws IllegalArgumentException if the text is not a status code
     */
    public static EnhancedStatus parse(String text) {
        int first = text.indexOf('.');
        int second = first < 0 ? -1 : text.indexOf('.', first + 1);
        if (first != 1 || second < 0) {
            throw new IllegalArgumentException("not an enhanced status code: " + text);
        }
        return new EnhancedStatus(number(text, 0, 1), number(text, 2, second), number(text, second + 1, text.length()));
    }

    private static int number(String text, int from, int to) {
        if (to - from < 1 || to - from > 3) {
            throw new IllegalArgumentException("not an enhanced status code: " + text);
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not an enhanced status code: " + text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Returns the text form, {@code class.subject.detail} without leading zeros.
     *
     * @return for example {@code 2.0.0}
     */
    @Override
    public String toString() {
        return klass + "." + subject + "." + detail;
    }
}

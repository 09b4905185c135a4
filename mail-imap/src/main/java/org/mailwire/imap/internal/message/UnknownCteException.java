// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

/**
 * A {@code BINARY} fetch named a part whose {@code Content-Transfer-Encoding} the server cannot
 * decode; the command must fail with {@code NO [UNKNOWN-CTE]} (RFC 3516 §4.3, RFC 9051 §7.1).
 */
public final class UnknownCteException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String encoding;

    UnknownCteException(String part, String encoding) {
        super("part " + part + " has the unknown transfer encoding " + encoding, null, false, false);
        this.encoding = encoding;
    }

    /**
     * Returns the encoding as the part declares it (lower case).
     *
     * @return the encoding
     */
    public String encoding() {
        return encoding;
    }
}

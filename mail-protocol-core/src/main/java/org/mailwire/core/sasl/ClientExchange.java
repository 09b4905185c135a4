// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Arrays;

/**
 * What every client mechanism shares: the rule that a failed exchange stays failed, and the
 * check that a field about to be framed by NULs or ^As cannot break out of it.
 */
abstract class ClientExchange implements SaslClient {

    private boolean failed;

    /** Marks the exchange failed and returns the exception to throw. */
    final SaslException fail(SaslException.Reason reason, String message) {
        failed = true;
        return new SaslException(reason, message);
    }

    /** Throws if a previous step failed: continuing would be application misuse. */
    final void checkUsable() {
        if (failed) {
            throw new IllegalStateException(mechanismName() + " exchange already failed");
        }
    }

    /** Rejects fields with control characters: they delimit the mechanisms' messages. */
    static String requireNoControl(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw new IllegalArgumentException(what + " contains a control character");
            }
        }
        return value;
    }

    static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}

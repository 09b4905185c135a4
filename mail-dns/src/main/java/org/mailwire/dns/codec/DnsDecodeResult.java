// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import java.util.Objects;

/**
 * The outcome of decoding a message: the message, or why it is malformed and where. Decoding
 * returns one of these for every input and never throws.
 *
 * @see DnsMessage#decode(java.nio.ByteBuffer, DnsLimits)
 */
public sealed interface DnsDecodeResult permits DnsDecodeResult.Decoded, DnsDecodeResult.Malformed {

    /**
     * A message that decoded within the limits.
     *
     * @param message the message
     */
    record Decoded(DnsMessage message) implements DnsDecodeResult {
        /**
         * Checks for null.
         *
         * @param message the message
         * @throws NullPointerException if the message is null
         */
        public Decoded {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Input that broke a rule of the wire format or a limit; a resolver discards the response.
     *
     * @param reason the rule broken
     * @param offset the offset from the start of the message where it was found
     */
    record Malformed(DnsMalformation reason, int offset) implements DnsDecodeResult {
        /**
         * Checks for null.
         *
         * @param reason the rule broken
         * @param offset the offset from the start of the message where it was found
         * @throws NullPointerException if the reason is null
         */
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

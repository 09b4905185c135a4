// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.util.Objects;
import org.mailwire.smtp.codec.SmtpLimits;

/**
 * The protocol settings of an {@link SmtpClient}, each default named with its source.
 *
 * @param timeouts  the reply timeouts (default {@link SmtpClientTimeouts#defaults()}, RFC 5321
 *                  §4.5.3.2)
 * @param limits    the reply limits a hostile server cannot exceed: reply line and lines per reply
 *                  (default {@link SmtpLimits#defaults()}: 512 octets, RFC 5321 §4.5.3.1.5, and
 *                  100 lines)
 * @param chunking  whether to send with BDAT when the server offers CHUNKING (default
 *                  {@code true}, RFC 3030: no dot-stuffing, no scanning for the terminator)
 * @param chunkSize octets per BDAT chunk and per read of a file or stream (default 64 KiB;
 *                  1 KiB to 16 MiB): the most of a message held in memory at once
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3">RFC 5321 §4.5.3</a>
 */
public record SmtpClientSettings(SmtpClientTimeouts timeouts, SmtpLimits limits, boolean chunking, int chunkSize) {

    /**
     * Checks the settings.
     *
     * @param timeouts  see the record description
     * @param limits    see the record description
     * @param chunking  see the record description
     * @param chunkSize see the record description
     * @throws IllegalArgumentException if the chunk size is out of range
     */
    public SmtpClientSettings {
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(limits, "limits");
        if (chunkSize < 1024 || chunkSize > 16 << 20) {
            throw new IllegalArgumentException("chunkSize must be 1 KiB to 16 MiB: " + chunkSize);
        }
    }

    /**
     * Returns the defaults described on this record.
     *
     * @return the defaults
     */
    public static SmtpClientSettings defaults() {
        return new SmtpClientSettings(SmtpClientTimeouts.defaults(), SmtpLimits.defaults(), true, 64 * 1024);
    }

    /**
     * Returns a copy with other timeouts.
     *
     * @param value the timeouts
     * @return the changed copy
     */
    public SmtpClientSettings withTimeouts(SmtpClientTimeouts value) {
        return new SmtpClientSettings(value, limits, chunking, chunkSize);
    }

    /**
     * Returns a copy with other reply limits.
     *
     * @param value the limits
     * @return the changed copy
     */
    public SmtpClientSettings withLimits(SmtpLimits value) {
        return new SmtpClientSettings(timeouts, value, chunking, chunkSize);
    }

    /**
     * Returns a copy that uses BDAT, or not, when CHUNKING is offered.
     *
     * @param value whether to use BDAT
     * @return the changed copy
     */
    public SmtpClientSettings withChunking(boolean value) {
        return new SmtpClientSettings(timeouts, limits, value, chunkSize);
    }

    /**
     * Returns a copy with another chunk size.
     *
     * @param value octets per chunk
     * @return the changed copy
     */
    public SmtpClientSettings withChunkSize(int value) {
        return new SmtpClientSettings(timeouts, limits, chunking, value);
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.time.Duration;
import java.util.Objects;

/**
 * Time, buffer and threading settings of the NIO transport, shared by servers and clients.
 *
 * <p>The transport enforces only time and buffering; every other limit belongs to the protocol
 * codecs. Each default names its source.
 *
 * @param readBufferSize      octets read from the socket in one go (default 16 KiB, one TLS
 *                            record); a protocol's longest line does not depend on it
 * @param writeHighWatermark  queued outbound octets above which the transport stops asking the
 *                            session for output and stops reading (default 64 KiB): a peer that
 *                            does not read cannot make the server's memory grow past this
 * @param writeLowWatermark   queued outbound octets below which it resumes (default 32 KiB)
 * @param idleTimeout         how long a connection may wait between commands with nothing received
 *                            (default 5 minutes, RFC 5321 §4.5.3.2.7's server timeout)
 * @param commandTimeout      how long one command may take to arrive once its first byte has come
 *                            (default 2 minutes): a per-command deadline, not per read, so a peer
 *                            trickling a byte at a time is still closed (SECURITY-CASES FLT-09)
 * @param writeTimeout        how long queued output may wait for the peer to read it
 *                            (default 5 minutes, as RFC 5321 §4.5.3.2's timeouts)
 * @param tlsHandshakeTimeout how long a TLS handshake may take (default 60 seconds); an
 *                            unfinished handshake is closed (Dovecot CVE-2014-3430)
 * @param connectTimeout      how long a client waits for a TCP connection (default 30 seconds)
 * @param shutdownGracePeriod how long a graceful shutdown waits for sessions to say goodbye
 *                            before it closes them (default 5 seconds)
 * @param minDataRate         octets per second a peer must keep up while inside a command (a
 *                            long SMTP DATA, an IMAP literal) to earn more time than
 *                            {@code commandTimeout}: each octet received extends the command's
 *                            deadline by {@code 1/minDataRate} seconds, never beyond
 *                            {@code commandTimeout} from now; 0 (default) for a plain per-command
 *                            deadline. Postfix's {@code smtpd_min_data_rate} is 500 (FLT-09)
 */
public record TransportSettings(
        int readBufferSize,
        int writeHighWatermark,
        int writeLowWatermark,
        Duration idleTimeout,
        Duration commandTimeout,
        Duration writeTimeout,
        Duration tlsHandshakeTimeout,
        Duration connectTimeout,
        Duration shutdownGracePeriod,
        long minDataRate) {

    /** The smallest read buffer accepted, so that reads are never degenerate. */
    public static final int MIN_READ_BUFFER_SIZE = 512;

    // Validates the settings.
    public TransportSettings {
        if (readBufferSize < MIN_READ_BUFFER_SIZE) {
            throw new IllegalArgumentException("readBufferSize < " + MIN_READ_BUFFER_SIZE + ": " + readBufferSize);
        }
        if (writeLowWatermark < 0 || writeHighWatermark < writeLowWatermark || writeHighWatermark == 0) {
            throw new IllegalArgumentException(
                    "need 0 <= writeLowWatermark <= writeHighWatermark, 0 < writeHighWatermark: "
                            + writeLowWatermark + ", " + writeHighWatermark);
        }
        positive(idleTimeout, "idleTimeout");
        positive(commandTimeout, "commandTimeout");
        positive(writeTimeout, "writeTimeout");
        positive(tlsHandshakeTimeout, "tlsHandshakeTimeout");
        positive(connectTimeout, "connectTimeout");
        Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
        if (shutdownGracePeriod.isNegative()) {
            throw new IllegalArgumentException("shutdownGracePeriod is negative");
        }
        if (minDataRate < 0) {
            throw new IllegalArgumentException("minDataRate is negative: " + minDataRate);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /**
     * Returns the defaults described on this record.
     *
     * @return the default settings
     */
    public static TransportSettings defaults() {
        return new TransportSettings(
                16 * 1024,
                64 * 1024,
                32 * 1024,
                Duration.ofMinutes(5),
                Duration.ofMinutes(2),
                Duration.ofMinutes(5),
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                0);
    }

    /**
     * Returns a copy with another idle timeout.
     *
     * @param timeout the idle timeout
     * @return the changed copy
     */
    public TransportSettings withIdleTimeout(Duration timeout) {
        return new TransportSettings(readBufferSize, writeHighWatermark, writeLowWatermark, timeout,
                commandTimeout, writeTimeout, tlsHandshakeTimeout, connectTimeout, shutdownGracePeriod, minDataRate);
    }

    /**
     * Returns a copy with another per-command deadline.
     *
     * @param timeout the per-command deadline
     * @return the changed copy
     */
    public TransportSettings withCommandTimeout(Duration timeout) {
        return new TransportSettings(readBufferSize, writeHighWatermark, writeLowWatermark, idleTimeout,
                timeout, writeTimeout, tlsHandshakeTimeout, connectTimeout, shutdownGracePeriod, minDataRate);
    }

    /**
     * Returns a copy with another write timeout.
     *
     * @param timeout the write timeout
     * @return the changed copy
     */
    public TransportSettings withWriteTimeout(Duration timeout) {
        return new TransportSettings(readBufferSize, writeHighWatermark, writeLowWatermark, idleTimeout,
                commandTimeout, timeout, tlsHandshakeTimeout, connectTimeout, shutdownGracePeriod, minDataRate);
    }

    /**
     * Returns a copy with another TLS handshake timeout.
     *
     * @param timeout the handshake timeout
     * @return the changed copy
     */
    public TransportSettings withTlsHandshakeTimeout(Duration timeout) {
        return new TransportSettings(readBufferSize, writeHighWatermark, writeLowWatermark, idleTimeout,
                commandTimeout, writeTimeout, timeout, connectTimeout, shutdownGracePeriod, minDataRate);
    }

    /**
     * Returns a copy with another connect timeout.
     *
     * @param timeout the connect timeout
     * @return the changed copy
     */
    public TransportSettings withConnectTimeout(Duration timeout) {
        return new TransportSettings(readBufferSize, writeHighWatermark, writeLowWatermark, idleTimeout,
                commandTimeout, writeTimeout, tlsHandshakeTimeout, timeout, shutdownGracePeriod, minDataRate);
    }

    /**
     * Returns a copy with other write watermarks.
     *
     * @param low  resume below this many queued octets
     * @param high pause above this many queued octets
     * @return the changed copy
     */
    public TransportSettings withWriteWatermarks(int low, int high) {
        return new TransportSettings(readBufferSize, high, low, idleTimeout,
                commandTimeout, writeTimeout, tlsHandshakeTimeout, connectTimeout, shutdownGracePeriod, minDataRate);
    }

    /**
     * Returns a copy with another graceful-shutdown period.
     *
     * @param period how long to wait for sessions to close themselves
     * @return the changed copy
     */
    public TransportSettings withShutdownGracePeriod(Duration period) {
        return new TransportSettings(readBufferSize, writeHighWatermark, writeLowWatermark, idleTimeout,
                commandTimeout, writeTimeout, tlsHandshakeTimeout, connectTimeout, period, minDataRate);
    }

    /**
     * Returns a copy with another minimum data rate inside a command (0 for none).
     *
     * @param octetsPerSecond the rate a peer must keep up to be given more than the command timeout
     * @return the changed copy
     */
    public TransportSettings withMinDataRate(long octetsPerSecond) {
        return new TransportSettings(readBufferSize, writeHighWatermark, writeLowWatermark, idleTimeout,
                commandTimeout, writeTimeout, tlsHandshakeTimeout, connectTimeout, shutdownGracePeriod, octetsPerSecond);
    }
}

// SPDX-License-Identifier: Apache-2.0
/**
 * Codecs shared by the protocols: ASCII byte classes and scanning, CRLF line framing with
 * limits, and SMTP/POP3 dot-stuffing in both directions.
 *
 * <p>Rules of this layer: decoders are incremental and fed buffers split anywhere; "need more
 * input" is a return value, never an exception; malformed input is an error value; nothing here
 * allocates per byte or per line in steady state; nothing here does I/O.
 *
 * <p>Choices every codec here shares:
 * <ul>
 *   <li>Rule 1: only CRLF ends a line unless a caller asks otherwise through
 *       {@link org.mailwire.core.codec.BareLineEndingPolicy}, and the end of SMTP data is
 *       {@code <CRLF>.<CRLF>} and nothing else (RFC 5321 §2.3.8, §4.1.1.4).</li>
 *   <li>Rule 2: line limits count octets on the wire including the CRLF, as RFC 5321 §4.5.3.1
 *       does, except the dot removed by unstuffing (§4.5.3.1.6). A limit is reported at the first
 *       octet past it, once, and the rest of the line is skipped without being stored, so memory
 *       is bounded by the limit whatever the peer sends.</li>
 *   <li>Rule 3: after an error a decoder stays in step with the peer: it skips to the next CRLF
 *       (lines) or to the terminator (data), so the caller can answer and carry on.</li>
 *   <li>Rule 4: a line of data that starts with a dot loses that dot, whatever follows it
 *       (RFC 5321 §4.5.2); the encoder doubles every leading dot after normalising line endings,
 *       so its output never holds a bare CR or LF.</li>
 * </ul>
 */
package org.mailwire.core.codec;

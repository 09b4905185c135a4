// SPDX-License-Identifier: Apache-2.0
/**
 * Codecs shared by the protocols: ASCII byte classes and scanning, CRLF line framing with
 * limits, and SMTP/POP3 dot-stuffing in both directions.
 *
 * <p>Rules of this layer: decoders are incremental and fed buffers split anywhere; "need more
 * input" is a return value, never an exception; malformed input is an error value; nothing here
 * allocates per byte or per line in steady state; nothing here does I/O.
 */
package org.mailwire.core.codec;

// SPDX-License-Identifier: Apache-2.0
/**
 * The POP3 wire format: commands, status lines and their extended response codes.
 *
 * <p>Rules of this layer:
 * <ol>
 *   <li>Decoders never block, never allocate per byte and bound their memory: a command line is
 *       at most {@link org.mailwire.pop3.codec.Pop3CommandDecoder#MAX_COMMAND_LENGTH} octets
 *       with its CRLF (RFC 2449 §4), framed by {@link org.mailwire.core.codec.LineFramer}.</li>
 *   <li>Malformed input becomes a {@link org.mailwire.pop3.codec.Pop3ProtocolException} that
 *       carries the {@code -ERR} the peer gets; no other exception escapes a decoder.</li>
 *   <li>Encoders never let a CR or LF into a line, so no value can inject a second command or
 *       response; multi-line bodies go through {@link org.mailwire.core.codec.DotStuffer}.</li>
 * </ol>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-3">RFC 1939 §3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2449#section-4">RFC 2449 §4</a>
 */
package org.mailwire.pop3.codec;

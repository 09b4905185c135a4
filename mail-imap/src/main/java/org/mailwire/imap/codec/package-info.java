// SPDX-License-Identifier: Apache-2.0
/**
 * The IMAP codec: framing of commands and responses with their literals
 * ({@link org.mailwire.imap.codec.ImapFramer}), the limits it enforces
 * ({@link org.mailwire.imap.codec.ImapLimits}), and the grammar on top of framed lines
 * (RFC 9051 §9, RFC 3501 §9): commands decoded by the server
 * ({@link org.mailwire.imap.codec.ImapCommandDecoder}) and encoded by the client
 * ({@link org.mailwire.imap.codec.ImapCommandEncoder}), responses encoded by the server
 * ({@link org.mailwire.imap.codec.ImapResponse}) and decoded by the client
 * ({@link org.mailwire.imap.codec.ImapResponseDecoder}).
 *
 * <p>Rules of this layer:
 * <ol>
 *   <li>Framing is separate from grammar, after imap-codec's fragmentizer: the framer knows
 *       lines, quoted strings (only to tell whether a brace ends a line) and literal
 *       announcements, nothing else; parsers take whole framed commands.</li>
 *   <li>Decoders are incremental and never throw on peer input: "need more input" and every
 *       failure are values ({@link org.mailwire.imap.codec.ImapFrame}); only application misuse
 *       (an unanswered continuation request) throws {@link java.lang.IllegalStateException}.</li>
 *   <li>Limits are checked before memory is committed, sizes never wrap, and after a failure
 *       the framer drops the whole command and resynchronises, so no byte of a rejected command
 *       is ever read as a command (see {@link org.mailwire.imap.codec.ImapFramer}).</li>
 *   <li>Nothing is allocated per byte; literals over a threshold stream to a
 *       {@link org.mailwire.imap.codec.LiteralSink}.</li>
 *   <li>No I/O, no clocks, no static mutable state.</li>
 * </ol>
 */
package org.mailwire.imap.codec;

// SPDX-License-Identifier: Apache-2.0
/**
 * The sans-IO session contract every mailwire protocol follows.
 *
 * <p>Rules of this layer:
 * <ul>
 *   <li>Rule 1: a session never does I/O, never blocks, never reads a clock and never starts a
 *       thread. It turns received bytes into {@link org.mailwire.core.protocol.Step steps}.</li>
 *   <li>Rule 2: a session holds at most one received buffer plus its own bounded state; limits
 *       are enforced by the codecs below it, time by the transport above it.</li>
 *   <li>Rule 3: while the application has not answered an event the session takes no input, so
 *       pipelined commands are answered in order even when answers arrive from other
 *       threads.</li>
 *   <li>Rule 4: peer errors become protocol replies, never exceptions out of
 *       {@link org.mailwire.core.protocol.ProtocolSession#next()}.</li>
 *   <li>Rule 5: a change of the byte stream itself (TLS, compression) is a step the transport
 *       performs after flushing what the session wrote before it; the session never sees
 *       encrypted or compressed octets.</li>
 * </ul>
 */
package org.mailwire.core.protocol;

// SPDX-License-Identifier: Apache-2.0
/**
 * The DNS message codec: values for names, records and messages, and their wire form
 * (RFC 1035 §4, RFC 3597, RFC 6891).
 *
 * <p>Rules of this layer:
 * <ol>
 *   <li>Values cannot be constructed invalid: a label over 63 octets, a name over 255, a
 *       character-string over 255 throws {@link java.lang.IllegalArgumentException} at
 *       construction, so every value that exists can be encoded.</li>
 *   <li>Decoding never throws and never loops: any byte sequence yields
 *       {@link org.mailwire.dns.codec.DnsDecodeResult.Decoded} or
 *       {@link org.mailwire.dns.codec.DnsDecodeResult.Malformed} with a
 *       {@link org.mailwire.dns.codec.DnsMalformation} reason and the offset where it was found.
 *       Every loop advances a position that is bounded by the message length, and compression
 *       pointers may only jump strictly backwards, to the start of a label already read.</li>
 *   <li>Decoding reads straight from the caller's buffer without copying the message; it
 *       allocates per name and per record, never per byte.</li>
 *   <li>No I/O, no clocks, no static mutable state. Policy (bailiwick, ID and question
 *       matching, TTL caps) belongs to the resolver, not here.</li>
 * </ol>
 */
package org.mailwire.dns.codec;

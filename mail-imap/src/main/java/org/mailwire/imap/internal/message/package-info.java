// SPDX-License-Identifier: Apache-2.0
/**
 * The IMAP message engine: what the server says about one stored message, as pure functions of
 * the message and the command, with no session state and no I/O but reading the store.
 *
 * <pre>
 *  MessageInfo + ContentOpener ──► MessageView (parses once, lazily: envelope, structure, ranges)
 *                                     │
 *        FetchItem ──► FetchRenderer ─┤──► RenderedItem (FetchData + StreamedSection if large)
 *  SearchKey(s) ──► SearchMatcher ────┤──► boolean per SearchSubject (seq number, view, \Recent)
 *  SortCriterion(s) ──► Sorter ───────┤──► subjects in SORT order
 *  Algorithm ──► Threader ────────────┘──► ImapResponse.ThreadNode trees
 * </pre>
 *
 * <p>Rules of this layer:
 * <ol>
 * <li><b>One parse per message per command.</b> A {@link org.mailwire.imap.internal.message.MessageView}
 *     reads the message once through {@code core.mime.MimeParser} on first need, within
 *     {@code MimeLimits}, and keeps only the structure; bodies are read again from the store, by
 *     byte range, when served or searched.</li>
 * <li><b>Bounded memory whatever the message.</b> A section larger than the renderer's in-memory
 *     limit (64 KiB by default) is a {@code Fragment.StreamedLiteral} with a
 *     {@link org.mailwire.imap.internal.message.StreamedSection} that opens only its range; BINARY
 *     decodes in 8 KiB buffers; SEARCH BODY/TEXT decode and match in 8 KiB chunks
 *     (Knuth-Morris-Pratt, so matches across chunks are found).</li>
 * <li><b>Blocking is the caller's choice.</b> Everything that reads the store may block;
 *     {@code FetchRenderer.readsContent} and {@code SearchMatcher.readsContent} tell which
 *     requests do not, so a sans-IO session can answer those inline and hand the rest to an
 *     executor.</li>
 * <li><b>The session decides session things.</b> \Recent, setting \Seen
 *     ({@code FetchRenderer.setsSeen}), the saved result {@code $}, sequence numbers, and mapping
 *     {@link org.mailwire.imap.internal.message.UnknownCteException} to {@code NO [UNKNOWN-CTE]}
 *     and {@code ContentUnavailableException} to the store error's response.</li>
 * </ol>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4">RFC 9051 §6.4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5256">RFC 5256</a>
 */
package org.mailwire.imap.internal.message;

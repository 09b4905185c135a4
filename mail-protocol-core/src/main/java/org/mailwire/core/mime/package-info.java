// SPDX-License-Identifier: Apache-2.0
/**
 * Streaming RFC 5322 / MIME parsing and message building: header fields, encoded words, address
 * lists, dates, the multipart tree, IMAP ENVELOPE and BODYSTRUCTURE, transfer decoding.
 *
 * <p>Rules of this package:
 * <ul>
 *   <li>Rule 1: one pass, bounded memory. {@link org.mailwire.core.mime.MimeParser} is fed bytes
 *       split anywhere and keeps at most one line, one header field and per-part values; bodies are
 *       never kept, only their byte ranges.</li>
 *   <li>Rule 2: every bound is a field of {@link org.mailwire.core.mime.MimeLimits}; going past one
 *       is a {@link org.mailwire.core.mime.MimeProblem} on the result, never an exception.</li>
 *   <li>Rule 3: linear time. Every scanner moves forward only; nothing is re-scanned and nothing is
 *       built by repeated string concatenation.</li>
 *   <li>Rule 4: parsing describes, building refuses. The parser never rejects a message (a store
 *       must describe what it holds); the builders refuse CR, LF and NUL in caller values with
 *       {@link java.lang.IllegalArgumentException} before writing anything.</li>
 * </ul>
 */
package org.mailwire.core.mime;

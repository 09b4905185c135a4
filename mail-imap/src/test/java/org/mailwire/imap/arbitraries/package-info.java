// SPDX-License-Identifier: Apache-2.0
/**
 * Reusable jqwik providers for IMAP values: every command and response type, the values inside
 * them (sequence sets, search keys, fetch items and data, body structures, response codes,
 * mailbox names), framed lines, hostile and mutated input, limits and cut points. Properties in
 * any package return them from {@code @Provide} methods; they use only the public API of
 * {@code org.mailwire.imap.codec} and {@code org.mailwire.imap.types}, so they can move to
 * mail-testkit as they are.
 */
package org.mailwire.imap.arbitraries;

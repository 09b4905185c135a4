// SPDX-License-Identifier: Apache-2.0
/**
 * jqwik arbitraries for protocol values: SMTP commands and replies, POP3 commands and responses,
 * IMAP commands, responses and framed lines, DNS messages, RFC 5322 addresses and messages, each
 * in valid, edge-case and hostile variants, for {@code @ForAll} properties in users' tests.
 */
package org.mailwire.testkit.arbitraries;

// SPDX-License-Identifier: Apache-2.0
/**
 * The runnable mailwire server: {@link org.mailwire.server.MailServer} wires the SMTP, POP3 and
 * IMAP servers, outbound delivery and the maildir store together from
 * {@link org.mailwire.server.MailServerSettings}; {@link org.mailwire.server.Main} is the command
 * line ({@code run}, {@code demo}, {@code user}).
 */
package org.mailwire.server;

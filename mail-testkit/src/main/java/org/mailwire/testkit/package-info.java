// SPDX-License-Identifier: Apache-2.0
/**
 * The JUnit 5 extension for users' tests: {@link org.mailwire.testkit.MailServerTest} starts
 * embedded SMTP, POP3 and DNS servers on free loopback ports over an in-memory store, with users
 * and MX records declared by annotation ({@link org.mailwire.testkit.MailUser},
 * {@link org.mailwire.testkit.MxRecord}) or through {@link org.mailwire.testkit.TestMailServer},
 * which tests receive as a parameter together with ready clients and received-mail assertions.
 *
 * <p>Rules: servers listen on 127.0.0.1 only; TLS material is made per server set and trusted
 * only by the clients the kit hands out; nothing changes JVM-wide state (no default resolver, no
 * default trust store), so tests may run in parallel.
 */
package org.mailwire.testkit;

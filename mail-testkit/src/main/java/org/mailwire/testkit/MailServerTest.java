// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class or method with embedded mail servers: SMTP (RFC 5321) with STARTTLS
 * (RFC 3207), POP3 (RFC 1939) with STLS (RFC 2595), IMAP (RFC 9051) with STARTTLS, and a DNS
 * server for MX and address records
 * (RFC 1035), all on free loopback ports over one in-memory store. On a class, one set of servers
 * serves all its tests; on a method (or when a method declares its own {@link MailUser} or
 * {@link MxRecord}), that method gets fresh servers. Tests receive a {@link TestMailServer} as a
 * parameter.
 *
 * <pre>{@code
 * @MailServerTest
 * @MailUser(name = "alice@example.test", password = "secret")
 * class WelcomeMailTest {
 *     @Test
 *     void sendsAWelcomeMail(TestMailServer mail) throws Exception {
 *         new WelcomeMailer(mail.smtpAddress()).welcome("alice@example.test");
 *         mail.awaitMessages("alice@example.test", 1, Duration.ofSeconds(5)).get(0)
 *             .assertHeader("Subject", "Welcome");
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(MailwireExtension.class)
public @interface MailServerTest {

    /**
     * Whether SMTP and POP3 offer STARTTLS/STLS with a certificate the kit makes (then clients
     * from {@link TestMailServer} trust it and require TLS). Default: on.
     *
     * @return whether TLS is offered
     */
    boolean tls() default true;

    /**
     * The servers' host name, in greetings and in the certificate.
     *
     * @return the host name
     */
    String hostName() default "mail.example.test";

    /**
     * Domains the SMTP server receives mail for, besides the domains of the declared users.
     *
     * @return the local domains
     */
    String[] domains() default {"example.test"};
}

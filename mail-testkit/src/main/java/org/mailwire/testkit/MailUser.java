// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Declares a mailbox user of the embedded servers: the address is both the login (SMTP AUTH,
 * POP3 USER/PASS and SASL) and the mailbox SMTP delivers to; its domain becomes a local domain.
 */
@Documented
@Inherited
@Repeatable(MailUsers.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(MailwireExtension.class)
public @interface MailUser {

    /**
     * The user's address, for example {@code alice@example.test}.
     *
     * @return the address
     */
    String name();

    /**
     * The user's password.
     *
     * @return the password
     */
    String password() default "secret";
}

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
 * Declares an MX record (RFC 1035 §3.3.9) of the test DNS server, and the exchange's A record
 * (RFC 1035 §3.4.1) when {@link #address()} is given, so that code routing mail by MX
 * (RFC 5321 §5.1) is tested without the internet: point its resolver at
 * {@link TestMailServer#dnsAddress()}.
 */
@Documented
@Inherited
@Repeatable(MxRecords.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(MailwireExtension.class)
public @interface MxRecord {

    /**
     * The mail domain, for example {@code b.test}.
     *
     * @return the domain
     */
    String domain();

    /**
     * The exchange's host name, for example {@code mx.b.test}.
     *
     * @return the exchange
     */
    String exchange();

    /**
     * The MX preference, lower first.
     *
     * @return the preference
     */
    int preference() default 10;

    /**
     * The exchange's IPv4 address ({@code 127.0.0.0/8} for loopback tests), or empty for no A record.
     *
     * @return the address
     */
    String address() default "";
}

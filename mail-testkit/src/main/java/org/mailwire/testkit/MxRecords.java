// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/** The container of repeated {@link MxRecord} annotations; write {@code @MxRecord} twice instead. */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(MailwireExtension.class)
public @interface MxRecords {

    /**
     * The records.
     *
     * @return the records
     */
    MxRecord[] value();
}

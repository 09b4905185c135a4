// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.util.Objects;

/**
 * The settings of a store: password hashing cost and the quota new users get.
 *
 * @param passwordIterations PBKDF2-HMAC-SHA256 iterations of the hash that PLAIN and LOGIN
 *                           passwords are checked against; default 600,000 (OWASP Password
 *                           Storage Cheat Sheet, 2023). Lower it only in tests.
 * @param scramIterations    the SCRAM iteration count {@code i} (RFC 5802 §5.1); default 4096,
 *                           the minimum RFC 7677 §4 recommends
 * @param defaultQuota       the quota of a new user; default unlimited
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8018#section-5.2">RFC 8018 §5.2, PBKDF2</a>
 */
public record MailStoreSettings(int passwordIterations, int scramIterations, Quota defaultQuota) {

    /** The default PBKDF2-HMAC-SHA256 iteration count, OWASP's 2023 recommendation. */
    public static final int DEFAULT_PASSWORD_ITERATIONS = 600_000;

    /** The default SCRAM iteration count, RFC 7677 §4. */
    public static final int DEFAULT_SCRAM_ITERATIONS = 4096;

    /**
     * Checks the values.
     *
     * @param passwordIterations see the record description
     * @param scramIterations    see the record description
     * @param defaultQuota       see the record description
     */
    public MailStoreSettings {
        if (passwordIterations < 1 || scramIterations < 1) {
            throw new IllegalArgumentException("iteration counts must be positive");
        }
        Objects.requireNonNull(defaultQuota, "defaultQuota");
    }

    /**
     * Returns the defaults.
     *
     * @return the default settings
     */
    public static MailStoreSettings defaults() {
        return new MailStoreSettings(DEFAULT_PASSWORD_ITERATIONS, DEFAULT_SCRAM_ITERATIONS, Quota.unlimited());
    }

    /**
     * Returns these settings with another PBKDF2 iteration count.
     *
     * @param value the iteration count
     * @return the changed copy
     */
    public MailStoreSettings withPasswordIterations(int value) {
        return new MailStoreSettings(value, scramIterations, defaultQuota);
    }

    /**
     * Returns these settings with another SCRAM iteration count.
     *
     * @param value the iteration count
     * @return the changed copy
     */
    public MailStoreSettings withScramIterations(int value) {
        return new MailStoreSettings(passwordIterations, value, defaultQuota);
    }

    /**
     * Returns these settings with another quota for new users.
     *
     * @param value the quota
     * @return the changed copy
     */
    public MailStoreSettings withDefaultQuota(Quota value) {
        return new MailStoreSettings(passwordIterations, scramIterations, value);
    }
}

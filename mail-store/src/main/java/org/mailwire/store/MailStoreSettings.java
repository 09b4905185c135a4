// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.util.Objects;

/**
 * The settings of a store: password hashing cost, the quota new users get, and when the durable
 * store compacts a mailbox's index journal.
 *
 * @param passwordIterations PBKDF2-HMAC-SHA256 iterations of the hash that PLAIN and LOGIN
 *                           passwords are checked against; default 600,000 (OWASP Password
 *                           Storage Cheat Sheet, 2023). Lower it only in tests.
 * @param scramIterations    the SCRAM iteration count {@code i} (RFC 5802 §5.1); default 4096,
 *                           the minimum RFC 7677 §4 recommends
 * @param defaultQuota       the quota of a new user; default unlimited
 * @param indexJournalLimit  durable store only: octets a mailbox's index journal may grow to
 *                           before it is folded into a new index snapshot, which happens once
 *                           the journal is larger than both this and the snapshot; default
 *                           {@value #DEFAULT_INDEX_JOURNAL_LIMIT} (256 KiB). Lower values rewrite
 *                           the whole index more often; higher ones make opening replay more.
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8018#section-5.2">RFC 8018 §5.2, PBKDF2</a>
 */
public record MailStoreSettings(int passwordIterations, int scramIterations, Quota defaultQuota,
                                long indexJournalLimit) {

    /** The default PBKDF2-HMAC-SHA256 iteration count, OWASP's 2023 recommendation. */
    public static final int DEFAULT_PASSWORD_ITERATIONS = 600_000;

    /** The default SCRAM iteration count, RFC 7677 §4. */
    public static final int DEFAULT_SCRAM_ITERATIONS = 4096;

    /** The default index journal limit in octets: 256 KiB. */
    public static final long DEFAULT_INDEX_JOURNAL_LIMIT = 256 * 1024;

    /**
     * Checks the values.
     *
     * @param passwordIterations see the record description
     * @param scramIterations    see the record description
     * @param defaultQuota       see the record description
     * @param indexJournalLimit  see the record description
     */
    public MailStoreSettings {
        if (passwordIterations < 1 || scramIterations < 1) {
            throw new IllegalArgumentException("iteration counts must be positive");
        }
        Objects.requireNonNull(defaultQuota, "defaultQuota");
        if (indexJournalLimit < 1) {
            throw new IllegalArgumentException("indexJournalLimit must be positive");
        }
    }

    /**
     * Creates settings with the default index journal limit.
     *
     * @param passwordIterations see the record description
     * @param scramIterations    see the record description
     * @param defaultQuota       see the record description
     */
    public MailStoreSettings(int passwordIterations, int scramIterations, Quota defaultQuota) {
        this(passwordIterations, scramIterations, defaultQuota, DEFAULT_INDEX_JOURNAL_LIMIT);
    }

    /**
     * Returns the defaults.
     *
     * @return the default settings
     */
    public static MailStoreSettings defaults() {
        return new MailStoreSettings(DEFAULT_PASSWORD_ITERATIONS, DEFAULT_SCRAM_ITERATIONS, Quota.unlimited(),
                DEFAULT_INDEX_JOURNAL_LIMIT);
    }

    /**
     * Returns these settings with another PBKDF2 iteration count.
     *
     * @param value the iteration count
     * @return the changed copy
     */
    public MailStoreSettings withPasswordIterations(int value) {
        return new MailStoreSettings(value, scramIterations, defaultQuota, indexJournalLimit);
    }

    /**
     * Returns these settings with another SCRAM iteration count.
     *
     * @param value the iteration count
     * @return the changed copy
     */
    public MailStoreSettings withScramIterations(int value) {
        return new MailStoreSettings(passwordIterations, value, defaultQuota, indexJournalLimit);
    }

    /**
     * Returns these settings with another quota for new users.
     *
     * @param value the quota
     * @return the changed copy
     */
    public MailStoreSettings withDefaultQuota(Quota value) {
        return new MailStoreSettings(passwordIterations, scramIterations, value, indexJournalLimit);
    }

    /**
     * Returns these settings with another index journal limit.
     *
     * @param value octets, positive
     * @return the changed copy
     */
    public MailStoreSettings withIndexJournalLimit(long value) {
        return new MailStoreSettings(passwordIterations, scramIterations, defaultQuota, value);
    }
}

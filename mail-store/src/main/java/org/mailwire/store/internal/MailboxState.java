// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.internal;

import java.util.TreeMap;
import org.mailwire.store.SpecialUse;

/**
 * The mutable state of one mailbox; every field is guarded by the owning user's lock, except
 * {@link #events}, which is thread-safe, and {@link #deleted}, which is volatile for quick checks.
 */
public final class MailboxState {

    /** The identifier, unique within the user and never reused; names the Maildir directory. */
    public final long id;
    /** The current name. */
    public String name;
    /** The special-use role, or {@code null}. */
    public SpecialUse role;
    /** UIDVALIDITY. */
    public long uidValidity;
    /** UIDNEXT: only grows. */
    public long uidNext = 1;
    /** HIGHESTMODSEQ: only grows. */
    public long highestModSeq = 1;
    /** The messages by UID. */
    public final TreeMap<Long, StoredMessage> messages = new TreeMap<>();
    /** The listeners and the events waiting for them. */
    public final EventQueue events = new EventQueue();
    /** Set once the mailbox is deleted; handles then fail. */
    public volatile boolean deleted;
    /** The backend's handle on the mailbox (its directory), if it needs one. */
    public Object storage;

    /**
     * Creates the state of a mailbox.
     *
     * @param id          the identifier
     * @param name        the name
     * @param role        the role, or {@code null}
     * @param uidValidity the UIDVALIDITY
     */
    public MailboxState(long id, String name, SpecialUse role, long uidValidity) {
        this.id = id;
        this.name = name;
        this.role = role;
        this.uidValidity = uidValidity;
    }

    /**
     * Returns the sum of message sizes.
     *
     * @return octets
     */
    public long totalSize() {
        long total = 0;
        for (StoredMessage message : messages.values()) {
            total += message.info().size();
        }
        return total;
    }
}

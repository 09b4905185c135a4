// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.internal;

import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.mailwire.store.Quota;

/**
 * The mutable state of one user; every field is guarded by {@link #lock} except the final
 * thread-safe ones and the volatile {@link #credentials} and {@link #deleted}.
 */
public final class UserState {

    /** The canonical (lower-case, SASLprep'd) name. */
    public final String name;
    /** Guards this user's mailboxes, messages, subscriptions and quota. */
    public final ReentrantLock lock = new ReentrantLock();
    /** The derived password credentials. */
    public volatile UserCredentials credentials;
    /** The mailboxes by name. */
    public final TreeMap<String, MailboxState> mailboxes = new TreeMap<>();
    /** The subscribed names. */
    public final TreeSet<String> subscriptions = new TreeSet<>();
    /** The quota limits. */
    public Quota quota;
    /** The identifier the next new mailbox gets. */
    public long nextMailboxId = 1;
    /**
     * The highest UIDVALIDITY given to any of the user's mailboxes, deleted ones included, so a
     * mailbox deleted and re-created after a restart still gets a new one (RFC 9051 §2.3.1.1).
     */
    public long lastUidValidity;
    /** Octets used by all messages. */
    public long usedStorage;
    /** Number of messages. */
    public long usedMessages;
    /** Held by a POP3 session (RFC 1939 §8). */
    public final AtomicBoolean maildropLocked = new AtomicBoolean();
    /** Set once the user is deleted. */
    public volatile boolean deleted;
    /** The backend's handle on the user (its directory), if it needs one. */
    public Object storage;

    /**
     * Creates the state of a user.
     *
     * @param name        the canonical name
     * @param credentials the credentials
     * @param quota       the quota limits
     */
    public UserState(String name, UserCredentials credentials, Quota quota) {
        this.name = name;
        this.credentials = credentials;
        this.quota = quota;
    }

    /** Recomputes the quota usage from the mailboxes, after loading. */
    public void recountUsage() {
        long storage = 0;
        long count = 0;
        for (MailboxState box : mailboxes.values()) {
            storage += box.totalSize();
            count += box.messages.size();
        }
        usedStorage = storage;
        usedMessages = count;
    }
}

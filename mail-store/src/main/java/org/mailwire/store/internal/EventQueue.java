// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailwire.store.ListenerRegistration;
import org.mailwire.store.MailboxEvent;
import org.mailwire.store.MailboxListener;

/**
 * A mailbox's listeners and the events waiting for them. Events are queued under the store lock
 * (so the queue has commit order) and delivered by {@link #drain()} after the lock is released.
 * One thread drains at a time; a thread that finds another draining leaves its events to it,
 * so listeners see every event once, in order, and never with a store lock held.
 */
public final class EventQueue {

    private static final System.Logger LOG = System.getLogger(EventQueue.class.getName());

    private final CopyOnWriteArrayList<MailboxListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<MailboxEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger drainers = new AtomicInteger();

    /**
     * Queues an event; call with the store lock held.
     *
     * @param event the event
     */
    public void add(MailboxEvent event) {
        // Nobody listening: nothing to keep (most mailboxes, most of the time).
        if (!listeners.isEmpty()) {
            pending.add(event);
        }
    }

    /** Delivers the queued events; call with no store lock held. */
    public void drain() {
        if (drainers.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        while (true) {
            MailboxEvent event;
            while ((event = pending.poll()) != null) {
                for (MailboxListener listener : listeners) {
                    try {
                        listener.onEvent(event);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "mailbox listener failed", e);
                    }
                }
            }
            missed = drainers.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return its registration
     */
    public ListenerRegistration register(MailboxListener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}

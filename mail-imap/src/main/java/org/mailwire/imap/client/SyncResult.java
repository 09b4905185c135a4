// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import java.util.List;

import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mailwire.imap.types.Flag;

/**
 * What changed in a mailbox since a {@link SyncState}: the result of
 * {@link ImapClient#synchronize}. Apply it and keep {@link #next()} for the next time.
 *
 * @param method            how the changes were found
 * @param uidValidityChanged {@code true} if the UIDVALIDITY differs: every known UID is gone and
 *                          every message is new (RFC 9051 §2.3.1.1)
 * @param newMessages       the UIDs of messages the caller does not hold, with their flags
 * @param changedFlags      the flags of known messages that changed (with
 *                          {@link Method#FLAGS_COMPARISON}, of every known message still there)
 * @param vanished          the known UIDs that are gone
 * @param next              the state to keep
 */
public record SyncResult(Method method, boolean uidValidityChanged, SortedMap<Long, List<Flag>> newMessages,
        SortedMap<Long, List<Flag>> changedFlags, SortedSet<Long> vanished, SyncState next) {

    /** How the changes were found. */
    public enum Method {
        /** One SELECT with QRESYNC (RFC 7162 §3.2.5). */
        QRESYNC,
        /** SELECT with CONDSTORE, then FETCH CHANGEDSINCE and a UID listing (RFC 7162 §3.1). */
        CONDSTORE,
        /** SELECT, then the UIDs and flags of every message, compared (RFC 4549 §4.3). */
        FLAGS_COMPARISON
    }

    /**
     * Copies the collections.
     *
     * @param method             see the record description
     * @param uidValidityChanged see the record description
     * @param newMessages        see the record description
     * @param changedFlags       see the record description
     * @param vanished           see the record description
     * @param next               see the record description
     */
    public SyncResult {
        Objects.requireNonNull(method, "method");
        newMessages = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(newMessages));
        changedFlags = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(changedFlags));
        vanished = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(vanished));
        Objects.requireNonNull(next, "next");
    }

}

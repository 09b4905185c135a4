// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.Authenticator;
import org.mailwire.core.sasl.SaslPrep;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.MaildropLock;
import org.mailwire.store.SpecialUse;
import org.mailwire.store.StorageException;
import org.mailwire.store.UidSet;
import org.mailwire.store.UserExistsException;
import org.mailwire.store.UserMailboxes;
import org.mailwire.store.UserNotFoundException;

/**
 * The store engine behind both public stores: users, their credentials and mailboxes, over a
 * {@link Backend}.
 */
public final class CoreStore implements MailStore {

    private final Backend backend;
    private final MailStoreSettings settings;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, UserState> users = new ConcurrentHashMap<>();
    /** Serialises creating and deleting users; never held with a user's lock. */
    private final Object userLifecycle = new Object();
    private final AtomicLong lastUidValidity = new AtomicLong();
    private final StoreAuthenticator authenticator;
    private volatile boolean closed;

    private CoreStore(Backend backend, MailStoreSettings settings) {
        this.backend = backend;
        this.settings = settings;
        this.authenticator = new StoreAuthenticator(this, settings, random);
    }

    /**
     * Opens a store over a backend, loading what it holds.
     *
     * @param backend  the backend
     * @param settings the settings
     * @return the store
     * @throws StorageException if the backend cannot load
     */
    public static CoreStore open(Backend backend, MailStoreSettings settings) throws StorageException {
        CoreStore store = new CoreStore(backend, settings);
        long highest = 0;
        for (UserState user : backend.load()) {
            user.recountUsage();
            store.users.put(user.name, user);
            highest = Math.max(highest, user.lastUidValidity);
            for (MailboxState box : user.mailboxes.values()) {
                highest = Math.max(highest, box.uidValidity);
            }
        }
        store.lastUidValidity.set(highest);
        return store;
    }

    /**
     * Returns the backend.
     *
     * @return the backend
     */
    Backend backend() {
        return backend;
    }

    /**
     * Returns a UIDVALIDITY above every one this store has given: the current time in seconds
     * where possible, so a value survives a restart that lost the counter (RFC 9051 §2.3.1.1
     * suggests the time as a good source).
     *
     * @return a non-zero 32-bit value
     */
    long nextUidValidity() {
        long now = Instant.now().getEpochSecond();
        return lastUidValidity.updateAndGet(last -> Math.min(UidSet.MAX, Math.max(last + 1, now)));
    }

    /**
     * Spells a user name the way the store keys it: SASLprep'd (RFC 4013, as mechanisms hand
     * names over) and lower case (addresses compare case-insensitively in practice).
     *
     * @param name the name as given
     * @return the canonical name
     * @throws IllegalArgumentException if SASLprep rejects it or it is empty
     */
    static String canonicalUser(String name) {
        String prepared = SaslPrep.query(name).toLowerCase(Locale.ROOT);
        if (prepared.isEmpty()) {
            throw new IllegalArgumentException("user name is empty");
        }
        return prepared;
    }

    /**
     * Finds a user, for authentication.
     *
     * @param name the name as given
     * @return the user, if it exists
     */
    Optional<UserState> findUser(String name) {
        try {
            UserState user = users.get(canonicalUser(name));
            return user == null || user.deleted ? Optional.empty() : Optional.of(user);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private UserState user(String name) throws UserNotFoundException {
        checkOpen();
        return findUser(name).orElseThrow(() -> new UserNotFoundException("no such user"));
    }

    @Override
    public void createUser(String name, Secret password) throws UserExistsException, StorageException {
        checkOpen();
        String canonical = canonicalUser(SaslPrep.stored(name));
        // The slow PBKDF2 runs before any lock: creating users must not stall other work.
        UserCredentials credentials = UserCredentials.derive(password, settings.passwordIterations(),
                settings.scramIterations(), random);
        synchronized (userLifecycle) {
            if (users.containsKey(canonical)) {
                throw new UserExistsException("user exists");
            }
            UserState user = new UserState(canonical, credentials, settings.defaultQuota());
            addMailbox(user, UserMailboxes.INBOX, null);
            for (SpecialUse use : SpecialUse.values()) {
                addMailbox(user, use.defaultName(), use);
                user.subscriptions.add(use.defaultName());
            }
            user.subscriptions.add(UserMailboxes.INBOX);
            backend.createUser(user);
            users.put(canonical, user);
        }
    }

    @Override
    public void setPassword(String name, Secret password) throws UserNotFoundException, StorageException {
        checkOpen();
        UserState user = user(name);
        UserCredentials fresh = UserCredentials.derive(password, settings.passwordIterations(),
                settings.scramIterations(), random);
        user.lock.lock();
        try {
            UserCredentials old = user.credentials;
            user.credentials = fresh;
            try {
                backend.saveUser(user);
            } catch (StorageException | RuntimeException e) {
                user.credentials = old;
                throw e;
            }
        } finally {
            user.lock.unlock();
        }
    }

    /**
     * Adds a mailbox to a user's state with a fresh identifier and UIDVALIDITY; does not store.
     *
     * @param user the user, locked or not yet shared
     * @param name the canonical name
     * @param role the role, or {@code null}
     * @return the mailbox
     */
    MailboxState addMailbox(UserState user, String name, SpecialUse role) {
        MailboxState box = new MailboxState(user.nextMailboxId++, name, role, nextUidValidity());
        user.lastUidValidity = Math.max(user.lastUidValidity, box.uidValidity);
        user.mailboxes.put(name, box);
        return box;
    }

    @Override
    public void deleteUser(String name) throws UserNotFoundException, StorageException {
        checkOpen();
        synchronized (userLifecycle) {
            UserState user = user(name);
            user.lock.lock();
            try {
                backend.deleteUser(user);
                user.deleted = true;
                for (MailboxState box : user.mailboxes.values()) {
                    box.deleted = true;
                }
                users.remove(user.name);
            } finally {
                user.lock.unlock();
            }
        }
    }

    @Override
    public Set<String> users() {
        checkOpen();
        return Collections.unmodifiableSet(new TreeSet<>(users.keySet()));
    }

    @Override
    public Authenticator authenticator() {
        return authenticator;
    }

    @Override
    public UserMailboxes mailboxes(String user) throws UserNotFoundException {
        return new CoreUserMailboxes(this, user(user));
    }

    @Override
    public Optional<MaildropLock> tryLockMaildrop(String name) throws UserNotFoundException {
        UserState user = user(name);
        if (!user.maildropLocked.compareAndSet(false, true)) {
            return Optional.empty();
        }
        return Optional.of(new MaildropLock() {
            private final java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean(true);

            @Override
            public String user() {
                return user.name;
            }

            @Override
            public void close() {
                if (held.compareAndSet(true, false)) {
                    user.maildropLocked.set(false);
                }
            }
        });
    }

    /** Throws if the store was closed. */
    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    @Override
    public void close() {
        synchronized (userLifecycle) {
            if (!closed) {
                closed = true;
                backend.close();
            }
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.mailwire.store.InvalidMailboxNameException;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MailboxExistsException;
import org.mailwire.store.MailboxInfo;
import org.mailwire.store.MailboxNotFoundException;
import org.mailwire.store.Quota;
import org.mailwire.store.QuotaUsage;
import org.mailwire.store.SpecialUse;
import org.mailwire.store.StorageException;
import org.mailwire.store.UidSet;
import org.mailwire.store.UserMailboxes;

/**
 * One user's mailboxes over the engine: every change is made in memory, stored through the
 * backend, and undone in memory if storing fails.
 */
final class CoreUserMailboxes implements UserMailboxes {

    private final CoreStore store;
    private final UserState user;

    CoreUserMailboxes(CoreStore store, UserState user) {
        this.store = store;
        this.user = user;
    }

    @Override
    public String user() {
        return user.name;
    }

    @Override
    public List<MailboxInfo> list() {
        user.lock.lock();
        try {
            List<MailboxInfo> out = new ArrayList<>();
            for (MailboxState box : user.mailboxes.values()) {
                out.add(new MailboxInfo(box.name, Optional.ofNullable(box.role), user.subscriptions.contains(box.name)));
            }
            return out;
        } finally {
            user.lock.unlock();
        }
    }

    @Override
    public Mailbox open(String name) throws MailboxNotFoundException {
        String canonical = canonicalOrMissing(name);
        user.lock.lock();
        try {
            return new CoreMailbox(store, user, find(canonical));
        } finally {
            user.lock.unlock();
        }
    }

    private static String canonicalOrMissing(String name) throws MailboxNotFoundException {
        try {
            return MailboxNames.canonical(name);
        } catch (InvalidMailboxNameException e) {
            throw new MailboxNotFoundException("no such mailbox");
        }
    }

    /** Finds a mailbox by canonical name; call with the lock held. */
    MailboxState find(String canonical) throws MailboxNotFoundException {
        checkUser();
        MailboxState box = user.mailboxes.get(canonical);
        if (box == null) {
            throw new MailboxNotFoundException("no such mailbox");
        }
        return box;
    }

    private void checkUser() throws MailboxNotFoundException {
        store.checkOpen();
        if (user.deleted) {
            throw new MailboxNotFoundException("user was deleted");
        }
    }

    @Override
    public void create(String name) throws MailboxExistsException, InvalidMailboxNameException, StorageException {
        create(name, null);
    }

    @Override
    public void create(String name, SpecialUse role) throws MailboxExistsException, InvalidMailboxNameException,
            StorageException {
        String canonical = MailboxNames.canonical(name);
        user.lock.lock();
        try {
            checkUserForChange();
            if (user.mailboxes.containsKey(canonical)) {
                throw new MailboxExistsException("mailbox exists");
            }
            List<MailboxState> added = new ArrayList<>();
            try {
                for (String superior : MailboxNames.superiors(canonical)) {
                    if (!user.mailboxes.containsKey(superior)) {
                        added.add(createStored(superior, null));
                    }
                }
                added.add(createStored(canonical, role));
                store.backend().saveUser(user);
            } catch (StorageException e) {
                for (MailboxState box : added) {
                    user.mailboxes.remove(box.name);
                    deleteQuietly(box);
                }
                throw e;
            }
        } finally {
            user.lock.unlock();
        }
    }

    private void checkUserForChange() throws InvalidMailboxNameException {
        store.checkOpen();
        if (user.deleted) {
            throw new InvalidMailboxNameException("user was deleted");
        }
    }

    /** Adds a mailbox and prepares its storage; the caller saves the user. */
    MailboxState createStored(String canonical, SpecialUse role) throws StorageException {
        MailboxState box = store.addMailbox(user, canonical, role);
        try {
            store.backend().createMailbox(user, box);
        } catch (StorageException e) {
            user.mailboxes.remove(canonical);
            throw e;
        }
        return box;
    }

    private void deleteQuietly(MailboxState box) {
        try {
            store.backend().deleteMailbox(user, box);
        } catch (StorageException e) {
            // The user's state does not name it, so recovery removes what is left.
        }
    }

    @Override
    public void delete(String name) throws MailboxNotFoundException, InvalidMailboxNameException, StorageException {
        String canonical = MailboxNames.canonical(name);
        if (canonical.equals(INBOX)) {
            throw new InvalidMailboxNameException("INBOX cannot be deleted");
        }
        user.lock.lock();
        try {
            MailboxState box = find(canonical);
            user.mailboxes.remove(canonical);
            try {
                store.backend().saveUser(user);
            } catch (StorageException e) {
                user.mailboxes.put(canonical, box);
                throw e;
            }
            box.deleted = true;
            user.usedStorage -= box.totalSize();
            user.usedMessages -= box.messages.size();
            // The name is gone for good now; a failure here leaves files recovery removes.
            deleteQuietly(box);
        } finally {
            user.lock.unlock();
        }
    }

    @Override
    public void rename(String from, String to) throws MailboxNotFoundException, MailboxExistsException,
            InvalidMailboxNameException, StorageException {
        String source = MailboxNames.canonical(from);
        String target = MailboxNames.canonical(to);
        if (source.equals(target) || MailboxNames.isInferior(target, source)) {
            throw new InvalidMailboxNameException("cannot rename a mailbox into itself");
        }
        if (source.equals(INBOX)) {
            renameInbox(target);
            return;
        }
        user.lock.lock();
        try {
            MailboxState box = find(source);
            if (user.mailboxes.containsKey(target)) {
                throw new MailboxExistsException("mailbox exists");
            }
            if (target.equals(INBOX)) {
                throw new MailboxExistsException("INBOX always exists");
            }
            Map<String, MailboxState> moving = new LinkedHashMap<>();
            moving.put(source, box);
            for (MailboxState inferior : user.mailboxes.tailMap(source, false).values()) {
                if (MailboxNames.isInferior(inferior.name, source)) {
                    moving.put(inferior.name, inferior);
                }
            }
            Map<String, MailboxState> renamed = new LinkedHashMap<>();
            for (Map.Entry<String, MailboxState> entry : moving.entrySet()) {
                String newName = target + entry.getKey().substring(source.length());
                if (user.mailboxes.containsKey(newName) && !moving.containsKey(newName)) {
                    throw new MailboxExistsException("an inferior's new name exists");
                }
                renamed.put(newName, entry.getValue());
            }
            for (String old : moving.keySet()) {
                user.mailboxes.remove(old);
            }
            for (Map.Entry<String, MailboxState> entry : renamed.entrySet()) {
                entry.getValue().name = entry.getKey();
                user.mailboxes.put(entry.getKey(), entry.getValue());
            }
            List<MailboxState> added = new ArrayList<>();
            try {
                for (String superior : MailboxNames.superiors(target)) {
                    if (!user.mailboxes.containsKey(superior)) {
                        added.add(createStored(superior, null));
                    }
                }
                store.backend().saveUser(user);
            } catch (StorageException e) {
                for (MailboxState box2 : added) {
                    user.mailboxes.remove(box2.name);
                    deleteQuietly(box2);
                }
                for (String newName : renamed.keySet()) {
                    user.mailboxes.remove(newName);
                }
                for (Map.Entry<String, MailboxState> entry : moving.entrySet()) {
                    entry.getValue().name = entry.getKey();
                    user.mailboxes.put(entry.getKey(), entry.getValue());
                }
                throw e;
            }
        } finally {
            user.lock.unlock();
        }
    }

    /**
     * RFC 9051 §6.3.6: renaming INBOX moves all its messages to a new mailbox of the new name and
     * leaves INBOX empty; its inferiors are not renamed. INBOX keeps its UIDVALIDITY and UIDNEXT,
     * so its UIDs are never reused.
     */
    private void renameInbox(String target) throws MailboxNotFoundException, MailboxExistsException,
            InvalidMailboxNameException, StorageException {
        CoreMailbox inbox;
        user.lock.lock();
        try {
            MailboxState box = find(INBOX);
            inbox = new CoreMailbox(store, user, box);
            create(target, null);
            inbox.moveAll(target);
        } finally {
            user.lock.unlock();
        }
        inbox.drainEvents();
    }

    @Override
    public void subscribe(String name) throws InvalidMailboxNameException, StorageException {
        String canonical = MailboxNames.canonical(name);
        user.lock.lock();
        try {
            checkUserForChange();
            if (user.subscriptions.add(canonical)) {
                try {
                    store.backend().saveUser(user);
                } catch (StorageException e) {
                    user.subscriptions.remove(canonical);
                    throw e;
                }
            }
        } finally {
            user.lock.unlock();
        }
    }

    @Override
    public void unsubscribe(String name) throws InvalidMailboxNameException, StorageException {
        String canonical = MailboxNames.canonical(name);
        user.lock.lock();
        try {
            checkUserForChange();
            if (user.subscriptions.remove(canonical)) {
                try {
                    store.backend().saveUser(user);
                } catch (StorageException e) {
                    user.subscriptions.add(canonical);
                    throw e;
                }
            }
        } finally {
            user.lock.unlock();
        }
    }

    @Override
    public Set<String> subscriptions() {
        user.lock.lock();
        try {
            return Collections.unmodifiableSet(new TreeSet<>(user.subscriptions));
        } finally {
            user.lock.unlock();
        }
    }

    @Override
    public QuotaUsage quota() {
        user.lock.lock();
        try {
            return new QuotaUsage(user.usedStorage, user.usedMessages, user.quota);
        } finally {
            user.lock.unlock();
        }
    }

    @Override
    public void setQuota(Quota limits) throws StorageException {
        java.util.Objects.requireNonNull(limits, "limits");
        user.lock.lock();
        try {
            Quota previous = user.quota;
            user.quota = limits;
            try {
                store.backend().saveUser(user);
            } catch (StorageException e) {
                user.quota = previous;
                throw e;
            }
        } finally {
            user.lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "UserMailboxes[" + user.name + "]";
    }

    static UidSet allUids() {
        return UidSet.all();
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.mailwire.core.io.BoundedInputStream;
import org.mailwire.store.AppendResult;
import org.mailwire.store.CopyResult;
import org.mailwire.store.Flag;
import org.mailwire.store.FlagChangeResult;
import org.mailwire.store.FlagOperation;
import org.mailwire.store.Flags;
import org.mailwire.store.ListenerRegistration;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MailboxEvent;
import org.mailwire.store.MailboxListener;
import org.mailwire.store.MailboxNotFoundException;
import org.mailwire.store.MailboxStatus;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.MessageNotFoundException;
import org.mailwire.store.MessageSource;
import org.mailwire.store.QuotaExceededException;
import org.mailwire.store.StorageException;
import org.mailwire.store.UidSet;

/**
 * A handle on one mailbox over the engine. Each operation takes the user's lock, checks the
 * mailbox still exists, changes memory and backend together (undoing memory if the backend
 * fails), queues events, releases the lock and then delivers the events.
 */
final class CoreMailbox implements Mailbox {

    private final CoreStore store;
    private final UserState user;
    private final MailboxState box;

    CoreMailbox(CoreStore store, UserState user, MailboxState box) {
        this.store = store;
        this.user = user;
        this.box = box;
    }

    private Backend backend() {
        return store.backend();
    }

    private void checkLive() throws MailboxNotFoundException {
        store.checkOpen();
        if (box.deleted || user.deleted) {
            throw new MailboxNotFoundException("mailbox was deleted");
        }
    }

    @Override
    public String name() {
        user.lock.lock();
        try {
            return box.name;
        } finally {
            user.lock.unlock();
        }
    }

    @Override
    public MailboxStatus status() throws MailboxNotFoundException {
        user.lock.lock();
        try {
            checkLive();
            long unseen = 0;
            long size = 0;
            for (StoredMessage message : box.messages.values()) {
                if (!message.info().flags().contains(Flag.SEEN)) {
                    unseen++;
                }
                size += message.info().size();
            }
            return new MailboxStatus(box.messages.size(), box.uidNext, box.uidValidity, unseen, size,
                    box.highestModSeq);
        } finally {
            user.lock.unlock();
        }
    }

    @Override
    public List<MessageInfo> messages() throws MailboxNotFoundException {
        return messages(UidSet.all());
    }

    @Override
    public List<MessageInfo> messages(UidSet uids) throws MailboxNotFoundException {
        user.lock.lock();
        try {
            checkLive();
            List<MessageInfo> out = new ArrayList<>();
            for (StoredMessage message : selected(uids)) {
                out.add(message.info());
            }
            return out;
        } finally {
            user.lock.unlock();
        }
    }

    /** The messages with UIDs in a set; call with the lock held. */
    private List<StoredMessage> selected(UidSet uids) {
        List<StoredMessage> out = new ArrayList<>();
        if (uids.isEmpty()) {
            return out;
        }
        for (StoredMessage message : box.messages.subMap(uids.first(), true, uids.last(), true).values()) {
            if (uids.contains(message.uid())) {
                out.add(message);
            }
        }
        return out;
    }

    @Override
    public Optional<MessageInfo> message(long uid) throws MailboxNotFoundException {
        user.lock.lock();
        try {
            checkLive();
            StoredMessage message = box.messages.get(uid);
            return message == null ? Optional.empty() : Optional.of(message.info());
        } finally {
            user.lock.unlock();
        }
    }

    @Override
    public AppendResult append(MessageSource content, Flags flags, Instant internalDate)
            throws QuotaExceededException, StorageException, MailboxNotFoundException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(internalDate, "internalDate");
        checkLive();
        // Reading the client's bytes and the fsync of the file happen before the lock.
        Backend.Staged staged = backend().stage(user, box, content);
        boolean committed = false;
        user.lock.lock();
        try {
            checkLive();
            checkQuota(staged.size(), 1);
            Object ref = backend().commit(user, box, staged, flags);
            committed = true;
            long uid = box.uidNext++;
            long modSeq = ++box.highestModSeq;
            MessageInfo info = new MessageInfo(uid, modSeq, flags, internalDate, staged.size());
            StoredMessage message = new StoredMessage(info, ref);
            box.messages.put(uid, message);
            try {
                backend().saveIndex(user, box);
            } catch (StorageException e) {
                // UIDNEXT and HIGHESTMODSEQ stay advanced: the UID may be in a half-written index.
                box.messages.remove(uid);
                deleteQuietly(box, List.of(message));
                throw e;
            }
            user.usedStorage += info.size();
            user.usedMessages++;
            box.events.add(new MailboxEvent.MessagesAdded(List.of(info)));
            return new AppendResult(box.uidValidity, uid);
        } finally {
            user.lock.unlock();
            if (!committed) {
                backend().discard(staged);
            }
            box.events.drain();
        }
    }

    private void checkQuota(long octets, long count) throws QuotaExceededException {
        if (user.usedMessages + count > user.quota.maxMessages()) {
            throw new QuotaExceededException(QuotaExceededException.Resource.MESSAGE, user.quota.maxMessages());
        }
        if (user.usedStorage + octets > user.quota.maxStorage()) {
            throw new QuotaExceededException(QuotaExceededException.Resource.STORAGE, user.quota.maxStorage());
        }
    }

    private void deleteQuietly(MailboxState target, List<StoredMessage> messages) {
        try {
            backend().deleteMessages(user, target, messages);
        } catch (StorageException e) {
            // Left for recovery, which gives unindexed files fresh UIDs; nothing acknowledged is lost.
        }
    }

    private MailboxState destination(String name) throws MailboxNotFoundException {
        String canonical;
        try {
            canonical = MailboxNames.canonical(name);
        } catch (org.mailwire.store.InvalidMailboxNameException e) {
            throw new MailboxNotFoundException("no such mailbox");
        }
        MailboxState target = user.mailboxes.get(canonical);
        if (target == null) {
            throw new MailboxNotFoundException("no such mailbox");
        }
        return target;
    }

    @Override
    public CopyResult copy(UidSet uids, String destination)
            throws QuotaExceededException, StorageException, MailboxNotFoundException {
        MailboxState target;
        user.lock.lock();
        try {
            checkLive();
            target = destination(destination);
            List<StoredMessage> sources = selected(uids);
            long octets = 0;
            for (StoredMessage message : sources) {
                octets += message.info().size();
            }
            checkQuota(octets, sources.size());
            return copyLocked(sources, target);
        } finally {
            user.lock.unlock();
            drainEvents();
        }
    }

    /** Copies messages into a mailbox and stores its index; call with the lock held. */
    private CopyResult copyLocked(List<StoredMessage> sources, MailboxState target) throws StorageException {
        List<StoredMessage> added = new ArrayList<>();
        List<Long> sourceUids = new ArrayList<>();
        List<Long> targetUids = new ArrayList<>();
        try {
            for (StoredMessage source : sources) {
                MessageInfo from = source.info();
                Object ref = backend().copy(user, box, source, target, from.flags());
                long uid = target.uidNext++;
                long modSeq = ++target.highestModSeq;
                MessageInfo info = new MessageInfo(uid, modSeq, from.flags(), from.internalDate(), from.size());
                StoredMessage copy = new StoredMessage(info, ref);
                target.messages.put(uid, copy);
                added.add(copy);
                sourceUids.add(from.uid());
                targetUids.add(uid);
            }
            if (!added.isEmpty()) {
                backend().saveIndex(user, target);
            }
        } catch (StorageException e) {
            for (StoredMessage copy : added) {
                target.messages.remove(copy.uid());
            }
            deleteQuietly(target, added);
            throw e;
        }
        List<MessageInfo> infos = new ArrayList<>();
        for (StoredMessage copy : added) {
            user.usedStorage += copy.info().size();
            user.usedMessages++;
            infos.add(copy.info());
        }
        if (!infos.isEmpty()) {
            target.events.add(new MailboxEvent.MessagesAdded(infos));
        }
        drainLater.add(target);
        return new CopyResult(target.uidValidity, sourceUids, targetUids);
    }

    /** Mailboxes whose events wait for the lock to be released; touched with the lock held only. */
    private final List<MailboxState> drainLater = new ArrayList<>();

    @Override
    public CopyResult move(UidSet uids, String destination) throws StorageException, MailboxNotFoundException {
        user.lock.lock();
        try {
            checkLive();
            MailboxState target = destination(destination);
            return moveLocked(selected(uids), target);
        } finally {
            user.lock.unlock();
            drainEvents();
        }
    }

    /**
     * Moves messages: the copies are stored before the originals go, so a crash in between
     * leaves both (RFC 6851 §4.4 allows that; losing the message would not be).
     */
    private CopyResult moveLocked(List<StoredMessage> sources, MailboxState target) throws StorageException {
        CopyResult result = copyLocked(sources, target);
        removeLocked(sources);
        return result;
    }

    /** Moves every message to another mailbox; call with the lock held, then {@link #drainEvents()}. */
    void moveAll(String destination) throws StorageException, MailboxNotFoundException {
        checkLive();
        moveLocked(new ArrayList<>(box.messages.values()), destination(destination));
    }

    /** Delivers the events of this mailbox and of those it copied into; call without the lock. */
    void drainEvents() {
        List<MailboxState> targets;
        user.lock.lock();
        try {
            targets = new ArrayList<>(drainLater);
            drainLater.clear();
        } finally {
            user.lock.unlock();
        }
        box.events.drain();
        for (MailboxState target : targets) {
            target.events.drain();
        }
    }

    /** Removes messages and stores the index; call with the lock held. */
    private List<Long> removeLocked(List<StoredMessage> victims) throws StorageException {
        List<Long> uids = new ArrayList<>();
        if (victims.isEmpty()) {
            return uids;
        }
        backend().deleteMessages(user, box, victims);
        long modSeq = ++box.highestModSeq;
        for (StoredMessage victim : victims) {
            box.messages.remove(victim.uid());
            user.usedStorage -= victim.info().size();
            user.usedMessages--;
            uids.add(victim.uid());
        }
        // The files are gone: tell listeners even if the index cannot be stored, since recovery
        // drops index entries whose files are missing.
        box.events.add(new MailboxEvent.MessagesExpunged(uids, modSeq));
        backend().saveIndex(user, box);
        return uids;
    }

    @Override
    public List<Long> expunge() throws StorageException, MailboxNotFoundException {
        return expunge(UidSet.all());
    }

    @Override
    public List<Long> expunge(UidSet uids) throws StorageException, MailboxNotFoundException {
        user.lock.lock();
        try {
            checkLive();
            List<StoredMessage> victims = new ArrayList<>();
            for (StoredMessage message : selected(uids)) {
                if (message.info().flags().contains(Flag.DELETED)) {
                    victims.add(message);
                }
            }
            return removeLocked(victims);
        } finally {
            user.lock.unlock();
            box.events.drain();
        }
    }

    @Override
    public FlagChangeResult storeFlags(UidSet uids, FlagOperation operation, Flags flags, OptionalLong unchangedSince)
            throws StorageException, MailboxNotFoundException {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(unchangedSince, "unchangedSince");
        user.lock.lock();
        try {
            checkLive();
            List<StoredMessage> before = new ArrayList<>();
            List<Long> failed = new ArrayList<>();
            List<Flags> newFlags = new ArrayList<>();
            for (StoredMessage message : selected(uids)) {
                if (unchangedSince.isPresent() && message.info().modSeq() > unchangedSince.getAsLong()) {
                    failed.add(message.uid());
                    continue;
                }
                Flags updated = operation.apply(message.info().flags(), flags);
                if (!updated.equals(message.info().flags())) {
                    before.add(message);
                    newFlags.add(updated);
                }
            }
            if (before.isEmpty()) {
                return new FlagChangeResult(List.of(), failed);
            }
            // One mod-sequence for the whole command: RFC 7162 §3.1 asks only that it be new.
            long modSeq = ++box.highestModSeq;
            List<MessageInfo> changed = new ArrayList<>();
            List<StoredMessage> after = new ArrayList<>();
            for (int i = 0; i < before.size(); i++) {
                StoredMessage old = before.get(i);
                StoredMessage now = new StoredMessage(old.info().withFlags(newFlags.get(i), modSeq), old.content());
                box.messages.put(now.uid(), now);
                backend().flagsChanged(user, box, now);
                after.add(now);
                changed.add(now.info());
            }
            try {
                backend().saveIndex(user, box);
            } catch (StorageException e) {
                for (StoredMessage old : before) {
                    box.messages.put(old.uid(), old);
                    backend().flagsChanged(user, box, old);
                }
                throw e;
            }
            box.events.add(new MailboxEvent.FlagsChanged(changed));
            return new FlagChangeResult(changed, failed);
        } finally {
            user.lock.unlock();
            box.events.drain();
        }
    }

    @Override
    public InputStream openContent(long uid) throws MessageNotFoundException, StorageException,
            MailboxNotFoundException {
        user.lock.lock();
        try {
            checkLive();
            StoredMessage message = box.messages.get(uid);
            if (message == null) {
                throw new MessageNotFoundException("no message with UID " + uid);
            }
            // Opened under the lock, so an expunge or a flag rename cannot pull the file away
            // between lookup and open; once open, the stream outlives both.
            return backend().open(user, box, message);
        } catch (IOException e) {
            throw new StorageException("cannot open message content", e);
        } finally {
            user.lock.unlock();
        }
    }

    @Override
    public InputStream openContent(long uid, long offset, long length)
            throws MessageNotFoundException, StorageException, MailboxNotFoundException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
        InputStream in = openContent(uid);
        try {
            // skip() may stop short without being at the end; read one octet to tell.
            long toSkip = offset;
            while (toSkip > 0) {
                long skipped = in.skip(toSkip);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        break;
                    }
                    skipped = 1;
                }
                toSkip -= skipped;
            }
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new StorageException("cannot read message content", e);
        }
        return new BoundedInputStream(in, length);
    }

    @Override
    public ListenerRegistration addListener(MailboxListener listener) {
        return box.events.register(listener);
    }

    @Override
    public String toString() {
        return "Mailbox[" + box.name + "]";
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.mailwire.core.sasl.ScramAlgorithm;
import org.mailwire.core.sasl.ScramCredentials;
import org.mailwire.store.Flags;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.MessageSource;
import org.mailwire.store.Quota;
import org.mailwire.store.SpecialUse;
import org.mailwire.store.StorageException;
import org.mailwire.store.UidSet;
import org.mailwire.store.internal.Backend;
import org.mailwire.store.internal.MailboxState;
import org.mailwire.store.internal.StoredMessage;
import org.mailwire.store.internal.UserCredentials;
import org.mailwire.store.internal.UserState;

/**
 * The durable backend: Maildir directories, index files and user files, each change fsynced
 * before it is acknowledged. See the package documentation for the layout and the rules.
 */
final class MaildirBackend implements Backend {

    private static final System.Logger LOG = System.getLogger(MaildirBackend.class.getName());
    private static final String USER_FILE = "user.properties";
    private static final String INDEX_FILE = "index";
    private static final String JOURNAL_FILE = "index.log";
    private static final String TRASH_PREFIX = ".trash-";
    private static final int COPY_BUFFER = 64 * 1024;

    private final Path root;
    private final Path usersDirectory;
    private final FileOperations files;
    private final long journalLimit;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong counter = new AtomicLong();
    private final long pid = ProcessHandle.current().pid();
    private final FileChannel lockChannel;
    private final FileLock lock;

    private MaildirBackend(Path root, FileOperations files, long journalLimit, FileChannel lockChannel,
                           FileLock lock) {
        this.root = root;
        this.usersDirectory = root.resolve("users");
        this.files = files;
        this.journalLimit = journalLimit;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the data directory, creating it if needed, and takes its lock so that a second
     * process cannot corrupt it.
     *
     * @param journalLimit octets past which a mailbox's index journal is compacted, see
     *                     {@link org.mailwire.store.MailStoreSettings#indexJournalLimit()}
     */
    static MaildirBackend open(Path root, FileOperations files, long journalLimit) throws StorageException {
        try {
            Files.createDirectories(root.resolve("users"));
            FileChannel channel = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StorageException("store directory is in use by another store: " + root);
            }
            return new MaildirBackend(root, files, journalLimit, channel, lock);
        } catch (IOException e) {
            throw new StorageException("cannot open store directory " + root, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot release store lock", e);
        }
    }

    // ---- names and small helpers ------------------------------------------------------------

    /** A Maildir unique name: time, microseconds, pid, a counter and randomness. */
    private String uniqueName() {
        Instant now = Instant.now();
        return now.getEpochSecond() + ".M" + (now.getNano() / 1000) + "P" + pid + "Q" + counter.incrementAndGet()
                + "R" + HexFormat.of().toHexDigits(random.nextInt()) + ".mailwire";
    }

    /**
     * A user's directory name: the canonical name with every octet outside a safe set as
     * {@code %XX}, so any name maps to one portable, unambiguous file name.
     */
    static String directoryName(String user) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = user.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean safe = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '@' || b == '-' || b == '_'
                    || b == '+' || (b == '.' && i > 0);
            if (safe) {
                out.append((char) b);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) b));
            }
        }
        return out.toString();
    }

    private static Path dir(UserState user) {
        return (Path) user.storage;
    }

    private static MailboxFiles state(MailboxState box) {
        return (MailboxFiles) box.storage;
    }

    private static Path dir(MailboxState box) {
        return state(box).directory;
    }

    private void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            files.write(channel, buffer);
        }
    }

    /** Replaces a file atomically and durably: temp file, fsync, rename, directory fsync. */
    private void writeAtomically(Path target, byte[] content) throws StorageException {
        Path temp = target.resolveSibling(target.getFileName() + ".new");
        try {
            files.delete(temp);
            try (FileChannel channel = files.createNew(temp)) {
                writeFully(channel, ByteBuffer.wrap(content));
                files.force(channel);
            }
            files.move(temp, target);
            files.syncDirectory(target.getParent());
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StorageException("cannot write " + target, e);
        }
    }

    private void deleteQuietly(Path file) {
        try {
            files.delete(file);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot delete " + file, e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static List<Path> list(Path directory) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    // ---- users --------------------------------------------------------------------------------

    @Override
    public void createUser(UserState user) throws StorageException {
        Path directory = usersDirectory.resolve(directoryName(user.name));
        user.storage = directory;
        try {
            // Left over from a creation that crashed before its user file was written.
            deleteTree(directory);
            Files.createDirectories(directory.resolve("mailboxes"));
            for (MailboxState box : user.mailboxes.values()) {
                createMailbox(user, box);
            }
            saveUser(user);
            files.syncDirectory(usersDirectory);
        } catch (IOException | StorageException e) {
            try {
                deleteTree(directory);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof StorageException s ? s : new StorageException("cannot create user", e);
        }
    }

    @Override
    public void saveUser(UserState user) throws StorageException {
        Properties properties = new Properties();
        properties.setProperty("name", user.name);
        UserCredentials credentials = user.credentials;
        Base64.Encoder base64 = Base64.getEncoder();
        properties.setProperty("password.iterations", Integer.toString(credentials.iterations()));
        properties.setProperty("password.salt", base64.encodeToString(credentials.salt()));
        properties.setProperty("password.hash", base64.encodeToString(credentials.hash()));
        putScram(properties, "scram.sha1.", credentials.scramSha1());
        putScram(properties, "scram.sha256.", credentials.scramSha256());
        properties.setProperty("quota.storage", Long.toString(user.quota.maxStorage()));
        properties.setProperty("quota.messages", Long.toString(user.quota.maxMessages()));
        properties.setProperty("mailbox.next-id", Long.toString(user.nextMailboxId));
        // The highest UIDVALIDITY given, deleted mailboxes included: one deleted and re-created
        // after a restart must not get its old value back.
        properties.setProperty("uidvalidity.last", Long.toString(user.lastUidValidity));
        for (MailboxState box : user.mailboxes.values()) {
            properties.setProperty("mailbox." + box.id + ".name", box.name);
            // A second copy of the index's UIDVALIDITY, so a lost index can be rebuilt under a
            // value that is certainly new.
            properties.setProperty("mailbox." + box.id + ".uidvalidity", Long.toString(box.uidValidity));
            if (box.role != null) {
                properties.setProperty("mailbox." + box.id + ".role", box.role.name());
            }
        }
        int n = 0;
        for (String name : user.subscriptions) {
            properties.setProperty("subscription." + n++, name);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            properties.store(writer, "mailwire user");
        } catch (IOException e) {
            throw new StorageException("cannot encode user", e);
        }
        writeAtomically(dir(user).resolve(USER_FILE), bytes.toByteArray());
    }

    private static void putScram(Properties properties, String prefix, ScramCredentials scram) {
        Base64.Encoder base64 = Base64.getEncoder();
        properties.setProperty(prefix + "salt", base64.encodeToString(scram.salt()));
        properties.setProperty(prefix + "iterations", Integer.toString(scram.iterations()));
        properties.setProperty(prefix + "stored-key", base64.encodeToString(scram.storedKey()));
        properties.setProperty(prefix + "server-key", base64.encodeToString(scram.serverKey()));
    }

    private static ScramCredentials scram(Properties properties, String prefix, ScramAlgorithm algorithm) {
        Base64.Decoder base64 = Base64.getDecoder();
        return new ScramCredentials(algorithm, base64.decode(required(properties, prefix + "salt")),
                Integer.parseInt(required(properties, prefix + "iterations")),
                base64.decode(required(properties, prefix + "stored-key")),
                base64.decode(required(properties, prefix + "server-key")));
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return value;
    }

    @Override
    public void deleteUser(UserState user) throws StorageException {
        Path directory = dir(user);
        Path trash = usersDirectory.resolve(TRASH_PREFIX + uniqueName());
        try {
            // One rename makes the deletion atomic; the slow removal may then be cut short by a
            // crash, and the next open finishes it.
            files.move(directory, trash);
            files.syncDirectory(usersDirectory);
        } catch (IOException e) {
            throw new StorageException("cannot delete user", e);
        }
        try {
            deleteTree(trash);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove deleted user's files; the next open retries", e);
        }
    }

    // ---- mailboxes -------------------------------------------------------------------------------

    @Override
    public void createMailbox(UserState user, MailboxState box) throws StorageException {
        Path mailboxes = dir(user).resolve("mailboxes");
        Path directory = mailboxes.resolve(Long.toString(box.id));
        box.storage = new MailboxFiles(directory);
        try {
            deleteTree(directory);
            Files.createDirectories(directory.resolve("tmp"));
            Files.createDirectories(directory.resolve("new"));
            Files.createDirectories(directory.resolve("cur"));
            files.syncDirectory(directory);
            saveIndex(user, box);
            files.syncDirectory(mailboxes);
        } catch (IOException e) {
            throw new StorageException("cannot create mailbox directory", e);
        }
    }

    @Override
    public void deleteMailbox(UserState user, MailboxState box) throws StorageException {
        try {
            deleteTree(dir(box));
        } catch (IOException e) {
            throw new StorageException("cannot remove mailbox directory", e);
        }
    }

    /**
     * Makes a mailbox's changes durable: appends what changed since the state on disk to the
     * journal and forces it ({@code fdatasync}), or writes a whole snapshot when the journal
     * cannot be trusted; compacts the journal once it has grown past the limit.
     */
    @Override
    public void saveIndex(UserState user, MailboxState box) throws StorageException {
        MailboxFiles state = state(box);
        if (state.needsSnapshot) {
            writeSnapshot(state, box);
            return;
        }
        List<MailboxJournal.Record> changes = state.changes(box);
        if (changes.isEmpty()) {
            return;
        }
        appendJournal(state, MailboxJournal.encode(changes));
        state.changesPersisted();
        if (MailboxJournal.dueForCompaction(state.journalLength, state.snapshotLength, journalLimit)) {
            try {
                writeSnapshot(state, box);
            } catch (StorageException e) {
                // The change is durable in the journal already; the next change writes a snapshot.
                LOG.log(Level.WARNING, "cannot compact index journal in " + state.directory, e);
            }
        }
    }

    /** Appends records to the journal and forces them to disk. */
    private void appendJournal(MailboxFiles state, byte[] records) throws StorageException {
        Path journal = state.directory.resolve(JOURNAL_FILE);
        try (FileChannel channel = files.openForAppend(journal)) {
            channel.position(state.journalLength);
            try {
                writeFully(channel, ByteBuffer.wrap(records));
                files.forceData(channel);
            } catch (IOException e) {
                // Never trusted again (FLT-06): the next change writes a snapshot and a new
                // journal. Cutting the unacknowledged records off is only a courtesy.
                state.needsSnapshot = true;
                try {
                    channel.truncate(state.journalLength);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } catch (IOException e) {
            state.needsSnapshot = true;
            throw new StorageException("cannot append to " + journal, e);
        }
        state.journalLength += records.length;
    }

    /**
     * Writes the whole index as a new snapshot, atomically, and then a new journal naming it.
     * A crash in between leaves the old journal, whose header names the old snapshot, so it is
     * not replayed (and replaying it would be harmless).
     */
    private void writeSnapshot(MailboxFiles state, MailboxState box) throws StorageException {
        byte[] snapshot = MailboxFiles.snapshotOf(box).encode();
        // Until the new journal is in place, appending to the old one would be lost.
        state.needsSnapshot = true;
        writeAtomically(state.directory.resolve(INDEX_FILE), snapshot);
        state.persisted(box);
        state.snapshotLength = snapshot.length;
        byte[] header = MailboxJournal.header(snapshot);
        try {
            writeAtomically(state.directory.resolve(JOURNAL_FILE), header);
        } catch (StorageException e) {
            // The snapshot holds the change; without a journal, the next change writes another.
            LOG.log(Level.WARNING, "cannot start index journal in " + state.directory, e);
            return;
        }
        state.journalLength = header.length;
        state.needsSnapshot = false;
    }

    // ---- messages --------------------------------------------------------------------------------

    /** Content written and fsynced in {@code tmp/}. */
    private record StagedFile(Path path, String base, long size) implements Staged {
    }

    @Override
    public Staged stage(UserState user, MailboxState box, MessageSource source) throws StorageException {
        String base = uniqueName();
        Path temp = dir(box).resolve("tmp").resolve(base);
        long size = 0;
        try (InputStream in = source.open(); FileChannel channel = files.createNew(temp)) {
            byte[] buffer = new byte[COPY_BUFFER];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                writeFully(channel, ByteBuffer.wrap(buffer, 0, n));
                size += n;
            }
            files.force(channel);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StorageException("cannot write message to " + temp, e);
        }
        return new StagedFile(temp, base, size);
    }

    @Override
    public Object commit(UserState user, MailboxState box, Staged staged, Flags flags) throws StorageException {
        StagedFile file = (StagedFile) staged;
        return place(box, file.path(), file.base(), flags);
    }

    /** Renames a fsynced file from {@code tmp/} into {@code cur/} and fsyncs {@code cur/}. */
    private MaildirFile place(MailboxState box, Path temp, String base, Flags flags) throws StorageException {
        Path cur = dir(box).resolve("cur");
        String fileName = MaildirFile.fileName(base, flags.system());
        Path target = cur.resolve(fileName);
        try {
            files.move(temp, target);
        } catch (IOException e) {
            throw new StorageException("cannot move message into " + cur, e);
        }
        try {
            files.syncDirectory(cur);
        } catch (IOException e) {
            // Not durable, so not acknowledged: take it back out rather than leave a message the
            // client was told failed, which it will send again.
            deleteQuietly(target);
            throw new StorageException("cannot sync " + cur, e);
        }
        return new MaildirFile(base, fileName);
    }

    @Override
    public void discard(Staged staged) {
        deleteQuietly(((StagedFile) staged).path());
    }

    @Override
    public Object copy(UserState user, MailboxState from, StoredMessage message, MailboxState to, Flags flags)
            throws StorageException {
        Path source = dir(from).resolve("cur").resolve(((MaildirFile) message.content()).fileName);
        String base = uniqueName();
        Path temp = dir(to).resolve("tmp").resolve(base);
        try {
            try {
                // Content never changes, so both mailboxes can share one inode, as Dovecot does.
                files.link(temp, source);
            } catch (IOException | UnsupportedOperationException e) {
                try (InputStream in = Files.newInputStream(source); FileChannel channel = files.createNew(temp)) {
                    byte[] buffer = new byte[COPY_BUFFER];
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        writeFully(channel, ByteBuffer.wrap(buffer, 0, n));
                    }
                    files.force(channel);
                }
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StorageException("cannot copy message", e);
        }
        try {
            return place(to, temp, base, flags);
        } catch (StorageException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    @Override
    public void flagsChanged(UserState user, MailboxState box, StoredMessage message) {
        MaildirFile file = (MaildirFile) message.content();
        String wanted = MaildirFile.fileName(file.base, message.info().flags().system());
        if (wanted.equals(file.fileName)) {
            return;
        }
        Path cur = dir(box).resolve("cur");
        try {
            // Not fsynced: the index is the authority for flags; the name is for other readers.
            files.move(cur.resolve(file.fileName), cur.resolve(wanted));
            file.fileName = wanted;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot rename message file for its flags", e);
        }
    }

    @Override
    public void deleteMessages(UserState user, MailboxState box, List<StoredMessage> messages)
            throws StorageException {
        Path cur = dir(box).resolve("cur");
        IOException failure = null;
        for (StoredMessage message : messages) {
            try {
                files.delete(cur.resolve(((MaildirFile) message.content()).fileName));
            } catch (IOException e) {
                failure = e;
            }
        }
        try {
            files.syncDirectory(cur);
        } catch (IOException e) {
            failure = e;
        }
        if (failure != null) {
            throw new StorageException("cannot delete messages in " + cur, failure);
        }
    }

    @Override
    public InputStream open(UserState user, MailboxState box, StoredMessage message) throws IOException {
        MaildirFile file = (MaildirFile) message.content();
        Path cur = dir(box).resolve("cur");
        try {
            return Files.newInputStream(cur.resolve(file.fileName));
        } catch (NoSuchFileException e) {
            // Another Maildir reader may have renamed it for its flags; find it by its base.
            for (Path candidate : list(cur)) {
                if (MaildirFile.baseOf(candidate.getFileName().toString()).equals(file.base)) {
                    file.fileName = candidate.getFileName().toString();
                    return Files.newInputStream(candidate);
                }
            }
            throw e;
        }
    }

    // ---- loading and recovery -------------------------------------------------------------------

    @Override
    public List<UserState> load() throws StorageException {
        List<UserState> users = new ArrayList<>();
        try {
            for (Path directory : list(usersDirectory)) {
                String name = directory.getFileName().toString();
                if (name.startsWith(TRASH_PREFIX) || !Files.exists(directory.resolve(USER_FILE))) {
                    // A deletion cut short, or a creation that never wrote its user file.
                    deleteTree(directory);
                    continue;
                }
                users.add(loadUser(directory));
            }
        } catch (IOException e) {
            throw new StorageException("cannot load store from " + root, e);
        } catch (IllegalArgumentException e) {
            // A damaged user file: refuse to open rather than guess, since opening would let a
            // new user of the same name replace the old one's mail.
            throw new StorageException("malformed user file in " + root, e);
        }
        return users;
    }

    private UserState loadUser(Path directory) throws IOException, StorageException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(directory.resolve(USER_FILE))) {
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        UserState user;
        try {
            Base64.Decoder base64 = Base64.getDecoder();
            UserCredentials credentials = new UserCredentials(base64.decode(required(properties, "password.salt")),
                    Integer.parseInt(required(properties, "password.iterations")),
                    base64.decode(required(properties, "password.hash")),
                    scram(properties, "scram.sha1.", ScramAlgorithm.SHA_1),
                    scram(properties, "scram.sha256.", ScramAlgorithm.SHA_256));
            user = new UserState(required(properties, "name"), credentials,
                    Quota.of(Long.parseLong(required(properties, "quota.storage")),
                            Long.parseLong(required(properties, "quota.messages"))));
            user.nextMailboxId = Long.parseLong(required(properties, "mailbox.next-id"));
            // Absent from user files written before it was kept.
            user.lastUidValidity = Long.parseLong(properties.getProperty("uidvalidity.last", "0"));
        } catch (IllegalArgumentException e) {
            throw new StorageException("malformed user file in " + directory, e);
        }
        user.storage = directory;
        Map<Long, String> names = new TreeMap<>();
        Map<Long, SpecialUse> roles = new HashMap<>();
        Map<Long, Long> validities = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("mailbox.") && key.endsWith(".name")) {
                names.put(Long.parseLong(key.substring("mailbox.".length(), key.length() - ".name".length())),
                        properties.getProperty(key));
            } else if (key.startsWith("mailbox.") && key.endsWith(".role")) {
                roles.put(Long.parseLong(key.substring("mailbox.".length(), key.length() - ".role".length())),
                        SpecialUse.valueOf(properties.getProperty(key)));
            } else if (key.startsWith("mailbox.") && key.endsWith(".uidvalidity")) {
                validities.put(Long.parseLong(key.substring("mailbox.".length(), key.length() - ".uidvalidity".length())),
                        Long.parseLong(properties.getProperty(key)));
            } else if (key.startsWith("subscription.")) {
                user.subscriptions.add(properties.getProperty(key));
            }
        }
        Path mailboxes = directory.resolve("mailboxes");
        Set<String> known = new HashSet<>();
        boolean userFileStale = false;
        for (Map.Entry<Long, String> entry : names.entrySet()) {
            MailboxState box = new MailboxState(entry.getKey(), entry.getValue(), roles.get(entry.getKey()),
                    validities.getOrDefault(entry.getKey(), 0L));
            box.storage = new MailboxFiles(mailboxes.resolve(Long.toString(box.id)));
            known.add(Long.toString(box.id));
            userFileStale |= recover(user, box);
            user.lastUidValidity = Math.max(user.lastUidValidity, box.uidValidity);
            user.mailboxes.put(box.name, box);
        }
        if (userFileStale) {
            saveUser(user);
        }
        for (Path orphan : list(mailboxes)) {
            // Created but never named in the user file, or deleted and not yet removed.
            if (!known.contains(orphan.getFileName().toString())) {
                deleteTree(orphan);
            }
        }
        return user;
    }

    /**
     * Brings a mailbox's index and files into agreement after whatever ended the last run.
     *
     * @return whether the UIDVALIDITY changed, so the user file's copy must be rewritten
     */
    private boolean recover(UserState user, MailboxState box) throws IOException, StorageException {
        Path directory = dir(box);
        Path cur = directory.resolve("cur");
        for (String sub : List.of("tmp", "new", "cur")) {
            Files.createDirectories(directory.resolve(sub));
        }
        boolean changed = false;
        MailboxFiles state = state(box);
        MailboxIndex index = null;
        try {
            byte[] snapshot = Files.readAllBytes(directory.resolve(INDEX_FILE));
            index = MailboxIndex.decode(snapshot);
            state.snapshotLength = snapshot.length;
            index = replayJournal(state, index, snapshot);
        } catch (NoSuchFileException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "mailbox index missing or unreadable, rebuilding with a new UIDVALIDITY: " + directory);
        }
        if (index == null) {
            // The old UIDs are unknown, so the mailbox must get a UIDVALIDITY it never had: above
            // the one the user file recorded, and the time, as the engine's values are.
            long uidValidity = Math.min(UidSet.MAX, Math.max(box.uidValidity + 1, Instant.now().getEpochSecond()));
            index = new MailboxIndex(uidValidity, 1, 1, List.of());
            changed = true;
        }
        // What the disk holds now; reconciliation's changes below are written as a difference.
        state.persisted(index);
        boolean validityMoved = box.uidValidity != index.uidValidity();
        box.uidValidity = index.uidValidity();
        box.uidNext = index.uidNext();
        box.highestModSeq = index.highestModSeq();
        // tmp/ holds only content never acknowledged.
        for (Path temp : list(directory.resolve("tmp"))) {
            Files.deleteIfExists(temp);
        }
        // new/ holds mail delivered by another Maildir writer: it becomes ours, unflagged.
        for (Path delivered : list(directory.resolve("new"))) {
            String name = delivered.getFileName().toString();
            if (name.startsWith(".")) {
                // Maildir readers skip dot-files (editor or desktop litter), and so do we.
                continue;
            }
            files.move(delivered, cur.resolve(name.contains(MaildirFile.INFO) ? name : name + MaildirFile.INFO));
            changed = true;
        }
        Map<String, String> fileByBase = new HashMap<>();
        List<String> strays = new ArrayList<>();
        for (Path file : list(cur)) {
            String name = file.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            if (fileByBase.putIfAbsent(MaildirFile.baseOf(name), name) != null) {
                strays.add(name);
            }
        }
        Set<String> indexed = new HashSet<>();
        boolean lost = false;
        for (MailboxIndex.Entry entry : index.entries()) {
            String fileName = fileByBase.get(entry.base());
            if (fileName == null || !indexed.add(entry.base())) {
                // Expunged, but the index write did not follow before the crash.
                lost = true;
                continue;
            }
            MessageInfo info = new MessageInfo(entry.uid(), entry.modSeq(), entry.flags(), entry.internalDate(),
                    entry.size());
            box.messages.put(entry.uid(), new StoredMessage(info, new MaildirFile(entry.base(), fileName)));
        }
        if (lost) {
            box.highestModSeq++;
            changed = true;
        }
        for (Map.Entry<String, String> entry : new TreeMap<>(fileByBase).entrySet()) {
            if (!indexed.contains(entry.getKey())) {
                strays.add(entry.getValue());
            }
        }
        strays.sort(null);
        for (String stray : strays) {
            // Committed but not indexed (the crash came between rename and index write), or put
            // there by another program: a new message with a fresh UID. A fresh base name keeps
            // index lines free of spaces and duplicates.
            Path file = cur.resolve(stray);
            String base = uniqueName();
            Flags flags = new Flags(MaildirFile.flagsOf(stray), Set.of());
            String fileName = MaildirFile.fileName(base, flags.system());
            files.move(file, cur.resolve(fileName));
            long uid = box.uidNext++;
            MessageInfo info = new MessageInfo(uid, ++box.highestModSeq, flags,
                    Files.getLastModifiedTime(cur.resolve(fileName)).toInstant(), Files.size(cur.resolve(fileName)));
            box.messages.put(uid, new StoredMessage(info, new MaildirFile(base, fileName)));
            changed = true;
        }
        if (changed) {
            files.syncDirectory(cur);
        }
        if (changed || state.needsSnapshot) {
            saveIndex(user, box);
        }
        return validityMoved;
    }

    /**
     * Applies the journal to the snapshot it follows: valid records in order, up to the first
     * torn or damaged one. A journal that is missing, names another snapshot, or has anything
     * after its last complete change leaves {@link MailboxFiles#needsSnapshot} set, so a new
     * snapshot and journal replace it before anything is appended.
     */
    private static MailboxIndex replayJournal(MailboxFiles state, MailboxIndex index, byte[] snapshot)
            throws IOException {
        Path file = state.directory.resolve(JOURNAL_FILE);
        byte[] journal;
        try {
            journal = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return index;
        }
        MailboxJournal.Replay replay = MailboxJournal.replay(index, snapshot, journal);
        if (!replay.matched()) {
            LOG.log(Level.INFO, "index journal does not follow the index (compaction cut short), ignored: " + file);
        } else if (!replay.clean()) {
            LOG.log(Level.WARNING, "index journal torn or damaged after octet " + replay.validLength()
                    + " of " + journal.length + ", the rest ignored: " + file);
        }
        state.journalLength = replay.validLength();
        state.needsSnapshot = !replay.clean();
        return replay.index();
    }
}

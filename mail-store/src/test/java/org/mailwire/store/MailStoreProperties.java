// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.mailwire.core.Secret;

/**
 * Model-based properties: random sequences of create, delete, rename, append, copy, move,
 * expunge and flag changes run against a store and a plain reference model, for both stores.
 * After every step the mailbox names, UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, UIDs, flags and
 * mod-sequences must agree, and at the end every message's content is intact. The durable store
 * is also closed and reopened at the end and must show the same state.
 *
 * <p>The model predicts the engine's exact numbering (UIDNEXT + 1 per message, one mod-sequence
 * per message added, per flag command and per expunge), which implies the RFC rules: UIDs
 * strictly ascending and never reused within a UIDVALIDITY, mod-sequences only growing.
 */
class MailStoreProperties {

    private static final MailStoreSettings SETTINGS = MailStoreSettings.defaults()
            .withPasswordIterations(1).withScramIterations(1);
    private static final String USER = "model@example.test";
    private static final Instant DATE = Instant.parse("2026-03-04T05:06:07Z");
    private static final List<String> NAMES = List.of("INBOX", "inbox", "a", "b", "a/c", "Trash", "INBOX/x", "b/d/e");

    // ---- operations ----------------------------------------------------------------------

    sealed interface Op permits Create, Delete, Rename, Append, Copy, Move, Expunge, StoreFlags, Reopen {
    }

    /** Closes and reopens a durable store; nothing for the in-memory one. */
    record Reopen() implements Op {
    }

    record Create(String name) implements Op {
    }

    record Delete(String name) implements Op {
    }

    record Rename(String from, String to) implements Op {
    }

    record Append(String box, int seed, Set<Flag> flags) implements Op {
    }

    record Copy(String from, String to, int pick) implements Op {
    }

    record Move(String from, String to, int pick) implements Op {
    }

    record Expunge(String box, boolean all, int pick) implements Op {
    }

    record StoreFlags(String box, int pick, FlagOperation operation, Set<Flag> flags, boolean keyword,
                      int unchangedSinceBack) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<String> names = Arbitraries.of(NAMES);
        Arbitrary<Set<Flag>> flags = Arbitraries.subsetOf(Flag.SEEN, Flag.DELETED, Flag.FLAGGED);
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 255);
        Arbitrary<Op> create = names.map(Create::new);
        Arbitrary<Op> delete = names.map(Delete::new);
        Arbitrary<Op> rename = Combinators.combine(names, names).as(Rename::new);
        Arbitrary<Op> append = Combinators.combine(names, Arbitraries.integers().between(0, 1000), flags).as(Append::new);
        Arbitrary<Op> copy = Combinators.combine(names, names, pick).as(Copy::new);
        Arbitrary<Op> move = Combinators.combine(names, names, pick).as(Move::new);
        Arbitrary<Op> expunge = Combinators.combine(names, Arbitraries.of(true, false), pick).as(Expunge::new);
        Arbitrary<Op> store = Combinators.combine(names, pick, Arbitraries.of(FlagOperation.class), flags,
                Arbitraries.of(true, false), Arbitraries.integers().between(-1, 3)).as(StoreFlags::new);
        Arbitrary<Op> reopen = Arbitraries.just(new Reopen());
        return Arbitraries.frequencyOf(
                Tuple.of(2, create), Tuple.of(1, delete), Tuple.of(2, rename), Tuple.of(8, append),
                Tuple.of(2, copy), Tuple.of(2, move), Tuple.of(2, expunge), Tuple.of(4, store), Tuple.of(1, reopen))
                .list().ofMaxSize(30);
    }

    // ---- the properties -------------------------------------------------------------------

    @Property(tries = 200)
    void inMemoryStoreAgreesWithModel(@ForAll("operations") List<Op> ops) throws Exception {
        try (MailStore store = MailStore.inMemory(SETTINGS)) {
            run(store, ops, null, SETTINGS);
        }
    }

    @Property(tries = 25)
    void maildirStoreAgreesWithModel(@ForAll("operations") List<Op> ops) throws Exception {
        runDurable(ops, SETTINGS);
    }

    /** The same with an index journal limit so small that nearly every change compacts it. */
    @Property(tries = 15)
    void maildirStoreCompactingItsJournalAgreesWithModel(@ForAll("operations") List<Op> ops) throws Exception {
        runDurable(ops, SETTINGS.withIndexJournalLimit(1));
    }

    private static void runDurable(List<Op> ops, MailStoreSettings settings) throws Exception {
        Path dir = Files.createTempDirectory("mailwire-model");
        try {
            MailStore store = MailStore.maildir(dir, settings);
            run(store, ops, dir, settings);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    // ---- the model ------------------------------------------------------------------------

    private static final class ModelMessage {
        final byte[] content;
        Flags flags;
        long modSeq;

        ModelMessage(byte[] content, Flags flags, long modSeq) {
            this.content = content;
            this.flags = flags;
            this.modSeq = modSeq;
        }
    }

    private static final class ModelBox {
        long uidValidity;
        long uidNext = 1;
        long highestModSeq = 1;
        final TreeMap<Long, ModelMessage> messages = new TreeMap<>();
    }

    private static final class Model {
        final TreeMap<String, ModelBox> boxes = new TreeMap<>();
        final Map<String, Set<Long>> validitiesByName = new HashMap<>();
    }

    private static byte[] content(int seed) {
        return ("Subject: " + seed + "\r\n\r\n" + ("body " + seed + "\r\n").repeat(1 + seed % 13))
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String canonical(String name) {
        if (name.equalsIgnoreCase("INBOX")) {
            return "INBOX";
        }
        if (name.regionMatches(true, 0, "INBOX/", 0, 6)) {
            return "INBOX" + name.substring(5);
        }
        return name;
    }

    private static List<String> superiors(String name) {
        List<String> out = new ArrayList<>();
        for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
            out.add(name.substring(0, i));
        }
        return out;
    }

    private static boolean inferior(String name, String superior) {
        return name.startsWith(superior + "/");
    }

    /** The messages a pick bitmask selects: bit i picks the i-th message (mod 8). */
    private static List<Long> picked(ModelBox box, int pick) {
        List<Long> uids = new ArrayList<>();
        int i = 0;
        for (long uid : box.messages.keySet()) {
            if ((pick & (1 << (i % 8))) != 0) {
                uids.add(uid);
            }
            i++;
        }
        return uids;
    }

    private static UidSet uidSet(List<Long> uids) {
        return uids.isEmpty() ? UidSet.of(UidSet.MAX) : UidSet.of(uids);
    }

    /** What the store should do: the exception it should throw, or null for success. */
    private static Class<? extends StoreException> expect(Model model, Op op) {
        if (op instanceof Create c) {
            return model.boxes.containsKey(canonical(c.name())) ? MailboxExistsException.class : null;
        }
        if (op instanceof Delete d) {
            return canonical(d.name()).equals("INBOX") ? InvalidMailboxNameException.class
                    : model.boxes.containsKey(canonical(d.name())) ? null : MailboxNotFoundException.class;
        }
        if (op instanceof Rename r) {
            String from = canonical(r.from());
            String to = canonical(r.to());
            if (from.equals(to) || inferior(to, from)) {
                return InvalidMailboxNameException.class;
            }
            if (from.equals("INBOX")) {
                return model.boxes.containsKey(to) ? MailboxExistsException.class : null;
            }
            if (!model.boxes.containsKey(from)) {
                return MailboxNotFoundException.class;
            }
            if (model.boxes.containsKey(to) || to.equals("INBOX")) {
                return MailboxExistsException.class;
            }
            for (String name : model.boxes.keySet()) {
                if (inferior(name, from)) {
                    String renamed = to + name.substring(from.length());
                    if (model.boxes.containsKey(renamed) && !renamed.equals(from) && !inferior(renamed, from)) {
                        return MailboxExistsException.class;
                    }
                }
            }
            return null;
        }
        if (op instanceof Copy c) {
            return model.boxes.containsKey(canonical(c.from())) && model.boxes.containsKey(canonical(c.to()))
                    ? null : MailboxNotFoundException.class;
        }
        if (op instanceof Move m) {
            return model.boxes.containsKey(canonical(m.from())) && model.boxes.containsKey(canonical(m.to()))
                    ? null : MailboxNotFoundException.class;
        }
        return model.boxes.containsKey(canonical(boxOf(op))) ? null : MailboxNotFoundException.class;
    }

    private static String boxOf(Op op) {
        if (op instanceof Append a) {
            return a.box();
        }
        if (op instanceof Expunge e) {
            return e.box();
        }
        return ((StoreFlags) op).box();
    }

    private static ModelBox createBox(Model model, MailStore store, String name) throws Exception {
        ModelBox box = new ModelBox();
        box.uidValidity = store.mailboxes(USER).open(name).status().uidValidity();
        assertTrue(box.uidValidity > 0);
        assertTrue(model.validitiesByName.computeIfAbsent(name, n -> new HashSet<>()).add(box.uidValidity),
                "UIDVALIDITY of a re-created mailbox must be new: " + name);
        model.boxes.put(name, box);
        return box;
    }

    private static void createWithSuperiors(Model model, MailStore store, String name) throws Exception {
        for (String superior : superiors(name)) {
            if (!model.boxes.containsKey(superior)) {
                createBox(model, store, superior);
            }
        }
        createBox(model, store, name);
    }

    /** Copies messages in the model; returns the new UIDs. */
    private static List<Long> copyInModel(ModelBox from, List<Long> uids, ModelBox to) {
        List<Long> out = new ArrayList<>();
        for (long uid : uids) {
            ModelMessage source = from.messages.get(uid);
            long newUid = to.uidNext++;
            to.messages.put(newUid, new ModelMessage(source.content, source.flags, ++to.highestModSeq));
            out.add(newUid);
        }
        return out;
    }

    private static void removeInModel(ModelBox box, List<Long> uids) {
        if (!uids.isEmpty()) {
            box.highestModSeq++;
            uids.forEach(box.messages::remove);
        }
    }

    private static void apply(Model model, MailStore store, Op op) throws Exception {
        UserMailboxes user = store.mailboxes(USER);
        if (op instanceof Reopen) {
            return;
        }
        Class<? extends StoreException> expected = expect(model, op);
        try {
            applyToStore(model, user, op);
            if (expected != null) {
                fail(op + " should have thrown " + expected.getSimpleName());
            }
        } catch (StoreException e) {
            if (expected == null || !expected.isInstance(e)) {
                throw new AssertionError(op + " threw unexpectedly", e);
            }
            return;
        }
        if (op instanceof Create c) {
            createWithSuperiors(model, store, canonical(c.name()));
        } else if (op instanceof Delete d) {
            model.boxes.remove(canonical(d.name()));
        } else if (op instanceof Rename r) {
            String from = canonical(r.from());
            String to = canonical(r.to());
            if (from.equals("INBOX")) {
                createWithSuperiors(model, store, to);
                ModelBox inbox = model.boxes.get("INBOX");
                List<Long> all = new ArrayList<>(inbox.messages.keySet());
                copyInModel(inbox, all, model.boxes.get(to));
                removeInModel(inbox, all);
            } else {
                List<String> moving = new ArrayList<>();
                for (String name : model.boxes.keySet()) {
                    if (name.equals(from) || inferior(name, from)) {
                        moving.add(name);
                    }
                }
                Map<String, ModelBox> renamed = new HashMap<>();
                for (String name : moving) {
                    renamed.put(to + name.substring(from.length()), model.boxes.remove(name));
                }
                model.boxes.putAll(renamed);
                for (String superior : superiors(to)) {
                    if (!model.boxes.containsKey(superior)) {
                        createBox(model, store, superior);
                    }
                }
            }
        } else if (op instanceof Append a) {
            ModelBox box = model.boxes.get(canonical(a.box()));
            Flags flags = new Flags(a.flags(), Set.of());
            box.messages.put(box.uidNext++, new ModelMessage(content(a.seed()), flags, ++box.highestModSeq));
        } else if (op instanceof Copy c) {
            ModelBox from = model.boxes.get(canonical(c.from()));
            copyInModel(from, picked(from, c.pick()), model.boxes.get(canonical(c.to())));
        } else if (op instanceof Move m) {
            ModelBox from = model.boxes.get(canonical(m.from()));
            List<Long> uids = picked(from, m.pick());
            copyInModel(from, uids, model.boxes.get(canonical(m.to())));
            removeInModel(from, uids);
        } else if (op instanceof Expunge e) {
            ModelBox box = model.boxes.get(canonical(e.box()));
            List<Long> candidates = e.all() ? new ArrayList<>(box.messages.keySet()) : picked(box, e.pick());
            List<Long> victims = candidates.stream()
                    .filter(uid -> box.messages.get(uid).flags.contains(Flag.DELETED)).toList();
            removeInModel(box, victims);
        } else if (op instanceof StoreFlags s) {
            ModelBox box = model.boxes.get(canonical(s.box()));
            Flags given = requested(s);
            boolean any = false;
            long modSeq = box.highestModSeq + 1;
            for (long uid : picked(box, s.pick())) {
                ModelMessage message = box.messages.get(uid);
                if (s.unchangedSinceBack() >= 0 && message.modSeq > unchangedSince(s, box)) {
                    continue;
                }
                Flags updated = s.operation().apply(message.flags, given);
                if (!updated.equals(message.flags)) {
                    message.flags = updated;
                    message.modSeq = modSeq;
                    any = true;
                }
            }
            if (any) {
                box.highestModSeq = modSeq;
            }
        }
    }

    private static Flags requested(StoreFlags s) {
        Flags given = new Flags(s.flags().isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(s.flags()), Set.of());
        return s.keyword() ? given.withKeyword("$Work") : given;
    }

    private static long unchangedSince(StoreFlags s, ModelBox box) {
        return Math.max(0, box.highestModSeq - s.unchangedSinceBack());
    }

    private static void applyToStore(Model model, UserMailboxes user, Op op) throws StoreException {
        if (op instanceof Create c) {
            user.create(c.name());
        } else if (op instanceof Delete d) {
            user.delete(d.name());
        } else if (op instanceof Rename r) {
            user.rename(r.from(), r.to());
        } else if (op instanceof Append a) {
            user.open(a.box()).append(MessageSource.of(content(a.seed())),
                new Flags(a.flags(), Set.of()), DATE);
        } else if (op instanceof Copy c) {
            ModelBox from = model.boxes.get(canonical(c.from()));
            user.open(c.from()).copy(from == null ? UidSet.all() : uidSet(picked(from, c.pick())), c.to());
        } else if (op instanceof Move m) {
            ModelBox from = model.boxes.get(canonical(m.from()));
            user.open(m.from()).move(from == null ? UidSet.all() : uidSet(picked(from, m.pick())), m.to());
        } else if (op instanceof Expunge e) {
            ModelBox box = model.boxes.get(canonical(e.box()));
            Mailbox mailbox = user.open(e.box());
            if (e.all()) {
                mailbox.expunge();
            } else {
                mailbox.expunge(box == null ? UidSet.all() : uidSet(picked(box, e.pick())));
            }
        } else if (op instanceof StoreFlags s) {
            ModelBox box = model.boxes.get(canonical(s.box()));
            Mailbox mailbox = user.open(s.box());
            OptionalLong since = s.unchangedSinceBack() < 0 || box == null ? OptionalLong.empty()
                    : OptionalLong.of(unchangedSince(s, box));
            mailbox.storeFlags(box == null ? UidSet.all() : uidSet(picked(box, s.pick())), s.operation(),
                    requested(s), since);
        }
    }

    private static void check(Model model, MailStore store, boolean contents) throws Exception {
        UserMailboxes user = store.mailboxes(USER);
        assertEquals(List.copyOf(model.boxes.keySet()), user.list().stream().map(MailboxInfo::name).toList());
        long totalSize = 0;
        long totalCount = 0;
        for (Map.Entry<String, ModelBox> entry : model.boxes.entrySet()) {
            ModelBox box = entry.getValue();
            Mailbox mailbox = user.open(entry.getKey());
            MailboxStatus status = mailbox.status();
            String where = entry.getKey();
            assertEquals(box.uidValidity, status.uidValidity(), where);
            assertEquals(box.uidNext, status.uidNext(), where);
            assertEquals(box.highestModSeq, status.highestModSeq(), where);
            List<MessageInfo> messages = mailbox.messages();
            assertEquals(List.copyOf(box.messages.keySet()), messages.stream().map(MessageInfo::uid).toList(), where);
            for (MessageInfo info : messages) {
                ModelMessage expected = box.messages.get(info.uid());
                assertEquals(expected.flags, info.flags(), where + " " + info.uid());
                assertEquals(expected.modSeq, info.modSeq(), where + " " + info.uid());
                assertEquals(expected.content.length, info.size());
                assertTrue(info.modSeq() <= status.highestModSeq());
                if (contents) {
                    try (InputStream in = mailbox.openContent(info.uid())) {
                        assertArrayEquals(expected.content, in.readAllBytes(), where + " " + info.uid());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                totalSize += info.size();
                totalCount++;
            }
        }
        QuotaUsage usage = user.quota();
        assertEquals(totalSize, usage.storage());
        assertEquals(totalCount, usage.messages());
    }

    private static void run(MailStore first, List<Op> ops, Path durableDirectory, MailStoreSettings settings)
            throws Exception {
        MailStore store = first;
        store.createUser(USER, Secret.of("pw"));
        Model model = new Model();
        for (MailboxInfo info : store.mailboxes(USER).list()) {
            createBox(model, store, info.name());
        }
        try {
            for (Op op : ops) {
                if (op instanceof Reopen && durableDirectory != null) {
                    store.close();
                    store = MailStore.maildir(durableDirectory, settings);
                    check(model, store, true);
                    continue;
                }
                apply(model, store, op);
                check(model, store, false);
            }
            check(model, store, true);
        } finally {
            store.close();
        }
        if (durableDirectory != null) {
            try (MailStore reopened = MailStore.maildir(durableDirectory, settings)) {
                check(model, reopened, true);
                assertFalse(reopened.users().isEmpty());
            }
        }
    }
}

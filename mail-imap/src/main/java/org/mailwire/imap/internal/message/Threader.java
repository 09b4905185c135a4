// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.mailwire.core.mime.HeaderField;
import org.mailwire.imap.codec.ImapResponse;

/**
 * Builds THREAD responses (RFC 5256): ORDEREDSUBJECT (§3, grouping by base subject) and
 * REFERENCES (§4, the Zawinski algorithm over Message-ID, References and In-Reply-To, then
 * merging by subject).
 *
 * <p>Messages are numbered by sequence number or by UID ({@code UID THREAD}) through the
 * function the caller gives. Sent dates (RFC 5256 §2.2) order siblings and threads, ties
 * broken by mailbox order. A message id seen twice is kept for the first message only; the
 * others count as having none (§4 step 1A). Work is linear in the messages and their references,
 * each References list read up to {@code MessageIds.MAX_IDS} ids.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5256#section-3">RFC 5256 §3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5256#section-4">RFC 5256 §4</a>
 */
public final class Threader {

    /** The algorithms this threader knows, as advertised in {@code THREAD=} capabilities. */
    public enum Algorithm {
        /** RFC 5256 §3: by base subject, then sent date. */
        ORDEREDSUBJECT,
        /** RFC 5256 §4: by references, then base subject. */
        REFERENCES;

        /**
         * Finds an algorithm by its name, ignoring case.
         *
         * @param name the name the client sent
         * @return the algorithm, if known
         */
        public static Optional<Algorithm> byName(String name) {
            for (Algorithm a : values()) {
                if (a.name().equalsIgnoreCase(name)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Deepest reply chain kept. Deeper messages are hung flat under their ancestor at this depth,
     * so hostile References (a chain of 100,000 replies) cost linear time and bounded recursion
     * here and in the response encoder.
     */
    static final int MAX_DEPTH = 1000;

    private Threader() {
    }

    /**
     * Threads messages.
     *
     * @param algorithm the algorithm
     * @param messages  the messages that matched the search, in mailbox order
     * @param number    what a message is called in the response: sequence number or UID
     * @return the threads
     * @throws IOException if a message's content cannot be read
     */
    public static List<ImapResponse.ThreadNode> thread(Algorithm algorithm, List<SearchSubject> messages,
            ToLongFunction<SearchSubject> number) throws IOException {
        List<Container> all = new ArrayList<>(messages.size());
        for (SearchSubject s : messages) {
            all.add(new Container(s, SortValues.sentDate(s.view()), SortValues.subject(s.view())));
        }
        List<Container> roots = algorithm == Algorithm.ORDEREDSUBJECT ? orderedSubject(all) : references(all, messages);
        List<ImapResponse.ThreadNode> out = new ArrayList<>(roots.size());
        for (Container root : roots) {
            out.add(node(root, number));
        }
        return out;
    }

    /** A message, or a dummy standing for a referenced message that is not in the set. */
    private static final class Container {
        final SearchSubject subject;
        final Instant date;
        final BaseSubject base;
        Container parent;
        final List<Container> children = new ArrayList<>(1);

        Container(SearchSubject subject, Instant date, BaseSubject base) {
            this.subject = subject;
            this.date = date;
            this.base = base;
        }

        static Container dummy() {
            return new Container(null, null, null);
        }

        boolean isDummy() {
            return subject == null;
        }

        /** The message a dummy sorts and merges by: its first child (after sorting). */
        Container representative() {
            Container c = this;
            while (c.isDummy() && !c.children.isEmpty()) {
                c = c.children.get(0);
            }
            return c;
        }

        void add(Container child) {
            child.parent = this;
            children.add(child);
        }

        /** Whether this is an ancestor of (or is) other; true also when other is too deep to tell. */
        boolean isAncestorOf(Container other) {
            int steps = 0;
            for (Container c = other; c != null; c = c.parent) {
                if (c == this || ++steps > MAX_DEPTH) {
                    return true;
                }
            }
            return false;
        }

        void unlink() {
            if (parent != null) {
                parent.children.remove(this);
                parent = null;
            }
        }
    }

    private static final Comparator<Container> BY_DATE = (a, b) -> {
        Container x = a.representative();
        Container y = b.representative();
        if (x.isDummy() || y.isDummy()) {
            return Boolean.compare(x.isDummy(), y.isDummy());
        }
        int c = x.date.compareTo(y.date);
        return c != 0 ? c : Long.compare(x.subject.sequenceNumber(), y.subject.sequenceNumber());
    };

    // ---- ORDEREDSUBJECT (RFC 5256 §3) ----

    private static List<Container> orderedSubject(List<Container> all) {
        Map<String, Container> threads = new LinkedHashMap<>();
        List<Container> sorted = new ArrayList<>(all);
        sorted.sort(BY_DATE);
        for (Container c : sorted) {
            String key = SortValues.asciiUpper(c.base.text());
            Container root = threads.get(key);
            if (root == null) {
                threads.put(key, c);
            } else {
                // Every later message of the subject is a child of the first.
                root.add(c);
            }
        }
        List<Container> roots = new ArrayList<>(threads.values());
        roots.sort(BY_DATE);
        return roots;
    }

    // ---- REFERENCES (RFC 5256 §4) ----

    private static List<Container> references(List<Container> all, List<SearchSubject> messages)
            throws IOException {
        Map<String, Container> byId = new HashMap<>();
        // (1A) Containers by Message-ID; a duplicate id is treated as no id.
        List<String> ownIds = new ArrayList<>(all.size());
        for (Container c : all) {
            List<String> id = c.subject.view().headerEnvelope().messageId().map(MessageIds::parse).orElse(List.of());
            String key = id.isEmpty() ? null : id.get(0);
            if (key != null) {
                Container existing = byId.get(key);
                if (existing == null) {
                    byId.put(key, c);
                } else if (existing.isDummy()) {
                    // A dummy made for a reference: this message takes its place.
                    existing.children.forEach(child -> child.parent = c);
                    c.children.addAll(existing.children);
                    existing.children.clear();
                    byId.put(key, c);
                } else {
                    key = null;
                }
            }
            ownIds.add(key);
        }
        for (int i = 0; i < all.size(); i++) {
            Container c = all.get(i);
            List<String> refs = references(c.subject);
            // (1B) Link each reference to the next, without loops and without re-parenting.
            Container previous = null;
            for (String ref : refs) {
                Container r = byId.computeIfAbsent(ref, k -> Container.dummy());
                if (previous != null && r.parent == null && r != previous && !r.isAncestorOf(previous)) {
                    previous.add(r);
                }
                previous = r;
            }
            // (1C) The last reference is the message's parent, replacing any parent it had.
            if (previous != null && (previous == c || c.isAncestorOf(previous))) {
                previous = null;
            }
            c.unlink();
            if (previous != null) {
                previous.add(c);
            }
        }
        // (2) The root set.
        Set<Container> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Container> roots = new ArrayList<>();
        for (Container c : byId.values()) {
            addRoot(c, roots, seen);
        }
        for (Container c : all) {
            addRoot(c, roots, seen);
        }
        flatten(roots);
        // (4) Prune dummies.
        Container top = Container.dummy();
        for (Container r : roots) {
            top.children.add(r);
            r.parent = top;
        }
        prune(top, true);
        // (5) Sort the top level by sent date (a dummy by its first child after sorting).
        sortTree(top);
        // (6) Merge by subject.
        mergeBySubject(top);
        // (7) Sort every level again.
        sortTree(top);
        for (Container c : top.children) {
            c.parent = null;
        }
        return top.children;
    }

    /** Hangs every container deeper than MAX_DEPTH directly under its ancestor at that depth. */
    private static void flatten(List<Container> roots) {
        java.util.ArrayDeque<Container> stack = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> depths = new java.util.ArrayDeque<>();
        for (Container r : roots) {
            stack.push(r);
            depths.push(1);
        }
        while (!stack.isEmpty()) {
            Container c = stack.pop();
            int depth = depths.pop();
            if (depth < MAX_DEPTH) {
                for (Container child : c.children) {
                    stack.push(child);
                    depths.push(depth + 1);
                }
                continue;
            }
            List<Container> below = new ArrayList<>();
            java.util.ArrayDeque<Container> walk = new java.util.ArrayDeque<>(c.children);
            while (!walk.isEmpty()) {
                Container d = walk.pop();
                below.add(d);
                walk.addAll(d.children);
                d.children.clear();
            }
            c.children.clear();
            below.forEach(c::add);
        }
    }

    private static void addRoot(Container c, List<Container> roots, Set<Container> seen) {
        // Every container is in the id table or the message list, so the roots are exactly
        // those without a parent; no walk up a (possibly very deep) chain is needed.
        if (c.parent == null && seen.add(c)) {
            roots.add(c);
        }
    }

    /** The References ids, else the first In-Reply-To id (RFC 5256 §4 step 1). */
    private static List<String> references(SearchSubject s) throws IOException {
        List<String> refs = new ArrayList<>();
        for (HeaderField f : s.view().headers("References")) {
            refs.addAll(MessageIds.parse(f.value()));
            if (refs.size() >= MessageIds.MAX_IDS) {
                break;
            }
        }
        if (refs.isEmpty()) {
            s.view().headerEnvelope().inReplyTo().map(MessageIds::parse).filter(l -> !l.isEmpty())
                    .ifPresent(l -> refs.add(l.get(0)));
        }
        // A message cannot reference itself; drop any such id (and repeats keep their first place).
        s.view().headerEnvelope().messageId().map(MessageIds::parse).filter(l -> !l.isEmpty())
                .ifPresent(l -> refs.removeIf(l.get(0)::equals));
        return new ArrayList<>(new java.util.LinkedHashSet<>(refs));
    }

    /** (4) Removes empty dummies; splices a dummy's children into its place where allowed. */
    private static void prune(Container parent, boolean top) {
        List<Container> result = new ArrayList<>(parent.children.size());
        for (Container c : new ArrayList<>(parent.children)) {
            prune(c, false);
            if (c.isDummy()) {
                if (c.children.isEmpty()) {
                    continue;
                }
                // Promote, unless that would put several children at the top level.
                if (!top || c.children.size() == 1) {
                    for (Container child : c.children) {
                        child.parent = parent;
                        result.add(child);
                    }
                    c.children.clear();
                    continue;
                }
            }
            result.add(c);
        }
        parent.children.clear();
        parent.children.addAll(result);
    }

    private static void sortTree(Container c) {
        for (Container child : c.children) {
            sortTree(child);
        }
        c.children.sort(BY_DATE);
    }

    private static void mergeBySubject(Container top) {
        Map<String, Container> table = new HashMap<>();
        for (Container c : top.children) {
            Container rep = c.representative();
            if (rep.isDummy()) {
                continue;
            }
            String key = SortValues.asciiUpper(rep.base.text());
            if (key.isEmpty()) {
                continue;
            }
            Container old = table.get(key);
            if (old == null || (c.isDummy() && !old.isDummy())
                    || (!old.isDummy() && old.base.isReply() && !c.isDummy() && !c.base.isReply())) {
                table.put(key, c);
            }
        }
        List<Container> remaining = new ArrayList<>(top.children.size());
        Set<Container> removed = new HashSet<>();
        for (Container c : new ArrayList<>(top.children)) {
            if (removed.contains(c)) {
                continue;
            }
            Container rep = c.representative();
            String key = rep.isDummy() ? "" : SortValues.asciiUpper(rep.base.text());
            Container t = key.isEmpty() ? null : table.get(key);
            if (t == null || t == c) {
                remaining.add(c);
                continue;
            }
            if (t.isDummy() && c.isDummy()) {
                for (Container child : c.children) {
                    t.add(child);
                }
                c.children.clear();
            } else if (t.isDummy()) {
                t.add(c);
            } else if (c.isDummy()) {
                // Put the table's message under this dummy, which takes its place.
                removed.add(t);
                remaining.remove(t);
                c.add(t);
                table.put(key, c);
                remaining.add(c);
            } else if (!t.base.isReply() && c.base.isReply()) {
                t.add(c);
            } else {
                // (6Cd) Neither is the parent: both go under a new dummy in the table's place.
                Container dummy = Container.dummy();
                removed.add(t);
                remaining.remove(t);
                dummy.add(t);
                dummy.add(c);
                table.put(key, dummy);
                remaining.add(dummy);
            }
        }
        top.children.clear();
        for (Container c : remaining) {
            c.parent = top;
            top.children.add(c);
        }
    }

    /** A container as a THREAD node: a chain while there is one child, then branches. */
    private static ImapResponse.ThreadNode node(Container c, ToLongFunction<SearchSubject> number) {
        List<Long> members = new ArrayList<>();
        Container cur = c;
        while (!cur.isDummy()) {
            members.add(number.applyAsLong(cur.subject));
            if (cur.children.size() != 1) {
                break;
            }
            cur = cur.children.get(0);
        }
        List<ImapResponse.ThreadNode> branches = new ArrayList<>();
        if (cur.isDummy() || cur.children.size() > 1) {
            for (Container child : cur.children) {
                branches.add(node(child, number));
            }
        }
        return new ImapResponse.ThreadNode(members, branches);
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailwire.imap.codec.Fragment;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.codec.ResponseCode;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.ExtensionValue;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.Tag;
import org.mailwire.imap.types.UidValidity;
import org.mailwire.store.AppendResult;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MailboxInfo;
import org.mailwire.store.MailboxStatus;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.MessageSource;
import org.mailwire.store.Quota;
import org.mailwire.store.QuotaUsage;
import org.mailwire.store.SpecialUse;
import org.mailwire.store.UidSet;
import org.mailwire.store.UserMailboxes;

/**
 * The commands of the authenticated state that work on mailboxes by name (RFC 9051 §6.3): CREATE,
 * DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB, STATUS, APPEND, and QUOTA's GETQUOTA and
 * GETQUOTAROOT (RFC 9208). Every store call goes through the session's blocking work.
 */
final class MailboxCommands {

    /** The one quota root: all of a user's mailboxes share the store's per-user quota. */
    private static final String ROOT = "";

    private MailboxCommands() {
    }

    static void create(ImapServerSession s, ImapCommand.Create create) {
        Tag tag = create.tag();
        String name = storeName(create.mailbox());
        if (name.isEmpty() || name.endsWith("/")) {
            // RFC 9051 §6.3.4: a trailing delimiter only says the name will have inferiors.
            name = name.isEmpty() ? name : name.substring(0, name.length() - 1);
        }
        if (create.mailbox().isInbox()) {
            s.no(tag, ResponseCode.alreadyExists(), "INBOX always exists");
            return;
        }
        Optional<SpecialUse> use = Optional.empty();
        if (create.uses().size() > 1) {
            s.no(tag, ResponseCode.of(Atom.of("USEATTR"), Optional.empty()), "One special use per mailbox");
            return;
        }
        for (Flag f : create.uses()) {
            use = SpecialUse.byAttribute(f.wire());
            if (use.isEmpty()) {
                s.no(tag, ResponseCode.of(Atom.of("USEATTR"), Optional.empty()), "Unsupported special use");
                return;
            }
        }
        if (!validName(name)) {
            s.no(tag, ResponseCode.cannot(), "Invalid mailbox name");
            return;
        }
        UserMailboxes boxes = s.mailboxes();
        String target = name;
        Optional<SpecialUse> role = use;
        s.work(tag, () -> {
            if (role.isPresent()) {
                boxes.create(target, role.get());
            } else {
                boxes.create(target);
            }
            return Boolean.TRUE;
        }, ok -> s.done(tag, "CREATE completed"));
    }

    static void delete(ImapServerSession s, ImapCommand.Delete delete) {
        Tag tag = delete.tag();
        if (delete.mailbox().isInbox()) {
            s.no(tag, ResponseCode.cannot(), "INBOX cannot be deleted");
            return;
        }
        String name = storeName(delete.mailbox());
        if (!validName(name)) {
            s.no(tag, ResponseCode.nonexistent(), "No such mailbox");
            return;
        }
        UserMailboxes boxes = s.mailboxes();
        s.work(tag, () -> {
            boxes.delete(name);
            return Boolean.TRUE;
        }, ok -> s.done(tag, "DELETE completed"));
    }

    static void rename(ImapServerSession s, ImapCommand.Rename rename) {
        Tag tag = rename.tag();
        String from = storeName(rename.from());
        String to = storeName(rename.to());
        if (!validName(from) || !validName(to) || rename.to().isInbox()) {
            s.no(tag, ResponseCode.cannot(), "Invalid mailbox name");
            return;
        }
        UserMailboxes boxes = s.mailboxes();
        s.work(tag, () -> {
            boxes.rename(from, to);
            return Boolean.TRUE;
        }, ok -> s.done(tag, "RENAME completed"));
    }

    static void subscribe(ImapServerSession s, Tag tag, MailboxName mailbox, boolean on) {
        String name = storeName(mailbox);
        if (!validName(name)) {
            s.no(tag, ResponseCode.cannot(), "Invalid mailbox name");
            return;
        }
        UserMailboxes boxes = s.mailboxes();
        s.work(tag, () -> {
            if (on) {
                boxes.subscribe(name);
            } else {
                boxes.unsubscribe(name);
            }
            return Boolean.TRUE;
        }, ok -> s.done(tag, (on ? "SUBSCRIBE" : "UNSUBSCRIBE") + " completed"));
    }

    /**
     * Mailbox names as the store writes them: refuses what would escape the user's hierarchy or
     * confuse it (SECURITY-CASES IMAP-12): empty levels, {@code .} and {@code ..} levels.
     */
    static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 1024) {
            return false;
        }
        for (String level : name.split("/", -1)) {
            if (level.isEmpty() || level.equals(".") || level.equals("..")) {
                return false;
            }
        }
        return true;
    }

    static String storeName(MailboxName name) {
        return name.name();
    }

    // ---------------------------------------------------------------- LIST, LSUB

    static void list(ImapServerSession s, ImapCommand.ListMailboxes list) {
        Tag tag = list.tag();
        boolean subscribedOnly = list.selection().contains(ImapCommand.ListSelection.SUBSCRIBED);
        boolean specialOnly = list.selection().contains(ImapCommand.ListSelection.SPECIAL_USE);
        boolean recursive = list.selection().contains(ImapCommand.ListSelection.RECURSIVEMATCH);
        boolean returnSubscribed = subscribedOnly || list.returns().contains(ImapCommand.ListReturnOption.SUBSCRIBED);
        List<ImapCommand.StatusItem> statusItems = new ArrayList<>();
        for (ImapCommand.ListReturn r : list.returns()) {
            if (r instanceof ImapCommand.ListReturnStatus st) {
                statusItems.addAll(st.items());
            }
        }
        if (list.patterns().size() == 1 && list.patterns().get(0).isEmpty() && list.selection().isEmpty()) {
            // RFC 9051 §6.3.9: an empty pattern asks for the delimiter and the root.
            s.write(new ImapResponse.ListMailbox(false, List.of(attribute("\\Noselect")),
                    Optional.of(UserMailboxes.DELIMITER), new MailboxName(""), List.of()));
            s.done(tag, "LIST completed");
            return;
        }
        UserMailboxes boxes = s.mailboxes();
        boolean withStatus = !statusItems.isEmpty();
        s.work(tag, () -> {
            List<MailboxInfo> all = boxes.list();
            java.util.TreeSet<String> names = new java.util.TreeSet<>();
            java.util.TreeSet<String> subscribed = new java.util.TreeSet<>();
            for (MailboxInfo info : all) {
                names.add(info.name());
                if (info.subscribed()) {
                    subscribed.add(info.name());
                }
            }
            List<Listed> listed = new ArrayList<>();
            for (MailboxInfo info : all) {
                if (!matchesAny(list.reference(), list.patterns(), info.name())) {
                    continue;
                }
                boolean childInfo = false;
                if (subscribedOnly && !info.subscribed()) {
                    // RFC 5258 §3.5: with RECURSIVEMATCH, a mailbox the pattern matches whose
                    // subscribed descendants it does not match is listed with CHILDINFO.
                    childInfo = recursive && hasDescendant(subscribed, info.name(), list.reference(), list.patterns());
                    if (!childInfo) {
                        continue;
                    }
                }
                if (specialOnly && info.role().isEmpty()) {
                    continue;
                }
                String prefix = info.name() + UserMailboxes.DELIMITER;
                String after = names.ceiling(prefix);
                boolean children = after != null && after.startsWith(prefix);
                MailboxStatus status = null;
                long deleted = 0;
                if (withStatus) {
                    Mailbox m = boxes.open(info.name());
                    status = m.status();
                    if (statusItems.contains(ImapCommand.StatusItem.DELETED)) {
                        deleted = countDeleted(m);
                    }
                }
                listed.add(new Listed(info, true, children, status, deleted, childInfo));
            }
            if (subscribedOnly && !specialOnly) {
                // RFC 5258 §3.1: subscriptions whose mailbox does not exist are \NonExistent.
                for (String name : boxes.subscriptions()) {
                    if (!names.contains(name) && matchesAny(list.reference(), list.patterns(), name)) {
                        listed.add(new Listed(new MailboxInfo(name, Optional.empty(), true), false, false, null, 0,
                                false));
                    }
                }
            }
            return listed;
        }, listed -> {
            for (Listed l : listed) {
                List<Flag> attributes = new ArrayList<>();
                attributes.add(attribute(!l.exists() ? "\\NonExistent"
                        : l.children() ? "\\HasChildren" : "\\HasNoChildren"));
                if (returnSubscribed && l.info().subscribed()) {
                    attributes.add(attribute("\\Subscribed"));
                }
                l.info().role().ifPresent(r -> attributes.add(attribute(r.attribute())));
                MailboxName name = new MailboxName(l.info().name());
                List<ImapResponse.ExtendedItem> extended = l.childInfo()
                        ? List.of(new ImapResponse.ExtendedItem("CHILDINFO",
                                new ExtensionValue.Items(List.of(new ExtensionValue.Str("SUBSCRIBED")))))
                        : List.of();
                s.write(new ImapResponse.ListMailbox(false, attributes, Optional.of(UserMailboxes.DELIMITER), name,
                        extended));
                if (l.status() != null) {
                    s.write(new ImapResponse.MailboxStatus(name, statusValues(s, statusItems, l.status(), l.deleted())));
                }
            }
            s.done(tag, "LIST completed");
        });
    }

    private record Listed(MailboxInfo info, boolean exists, boolean children, MailboxStatus status, long deleted,
                          boolean childInfo) {
    }

    /** Whether a subscribed mailbox below {@code name} exists that the patterns do not match. */
    private static boolean hasDescendant(java.util.TreeSet<String> subscribed, String name, String reference,
                                         List<String> patterns) {
        String prefix = name + UserMailboxes.DELIMITER;
        for (String candidate : subscribed.tailSet(prefix)) {
            if (!candidate.startsWith(prefix)) {
                return false;
            }
            if (!matchesAny(reference, patterns, candidate)) {
                return true;
            }
        }
        return false;
    }

    /** The LIST attributes of one mailbox: children and special use (blocking: reads the hierarchy). */
    static List<Flag> attributes(UserMailboxes boxes, String name) {
        List<MailboxInfo> all = boxes.list();
        boolean children = false;
        Optional<SpecialUse> role = Optional.empty();
        for (MailboxInfo info : all) {
            children |= info.name().startsWith(name + UserMailboxes.DELIMITER);
            if (info.name().equals(name)) {
                role = info.role();
            }
        }
        List<Flag> attributes = new ArrayList<>();
        attributes.add(attribute(children ? "\\HasChildren" : "\\HasNoChildren"));
        role.ifPresent(r -> attributes.add(attribute(r.attribute())));
        return attributes;
    }

    static void lsub(ImapServerSession s, ImapCommand.Lsub lsub) {
        Tag tag = lsub.tag();
        UserMailboxes boxes = s.mailboxes();
        s.work(tag, () -> {
            List<String> names = new ArrayList<>();
            for (String name : boxes.subscriptions()) {
                if (matches(lsub.reference() + lsub.pattern(), name)) {
                    names.add(name);
                }
            }
            names.sort(null);
            return names;
        }, names -> {
            for (String name : names) {
                s.write(new ImapResponse.ListMailbox(true, List.of(), Optional.of(UserMailboxes.DELIMITER),
                        new MailboxName(name), List.of()));
            }
            s.done(tag, "LSUB completed");
        });
    }

    private static Flag attribute(String name) {
        return Flag.parse(name).orElseThrow();
    }

    private static boolean matchesAny(String reference, List<String> patterns, String name) {
        for (String p : patterns) {
            if (matches(reference + p, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * LIST pattern matching (RFC 9051 §6.3.9): {@code *} matches anything, {@code %} anything but
     * the delimiter; INBOX in any case. Dynamic programming over the two strings, so a pattern of
     * many wildcards costs O(pattern × name), never exponential time.
     */
    static boolean matches(String pattern, String name) {
        if (name.equals("INBOX") && pattern.equalsIgnoreCase("INBOX")) {
            return true;
        }
        int p = pattern.length();
        int n = name.length();
        boolean[] prev = new boolean[n + 1];
        boolean[] cur = new boolean[n + 1];
        prev[0] = true;
        for (int i = 1; i <= p; i++) {
            char c = pattern.charAt(i - 1);
            cur[0] = prev[0] && (c == '*' || c == '%');
            for (int j = 1; j <= n; j++) {
                char d = name.charAt(j - 1);
                if (c == '*') {
                    cur[j] = prev[j] || cur[j - 1];
                } else if (c == '%') {
                    cur[j] = prev[j] || (cur[j - 1] && d != UserMailboxes.DELIMITER);
                } else {
                    boolean same = c == d || (j <= 5 && i <= 5 && isInboxPrefix(pattern, name, i, j));
                    cur[j] = prev[j - 1] && same;
                }
            }
            boolean[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[n];
    }

    /** INBOX is case-insensitive also as the first level of a pattern ({@code inbox/%}). */
    private static boolean isInboxPrefix(String pattern, String name, int i, int j) {
        return i == j && name.startsWith("INBOX") && (name.length() == 5 || name.charAt(5) == UserMailboxes.DELIMITER)
                && pattern.length() >= 5 && pattern.regionMatches(true, 0, "INBOX", 0, 5)
                && Character.toUpperCase(pattern.charAt(i - 1)) == name.charAt(j - 1);
    }

    // ---------------------------------------------------------------- STATUS

    static void status(ImapServerSession s, ImapCommand.Status status) {
        Tag tag = status.tag();
        String name = storeName(status.mailbox());
        UserMailboxes boxes = s.mailboxes();
        boolean needDeleted = status.items().contains(ImapCommand.StatusItem.DELETED);
        s.work(tag, () -> {
            Mailbox m = boxes.open(name);
            MailboxStatus st = m.status();
            return new Object[] {st, needDeleted ? countDeleted(m) : 0L};
        }, result -> {
            MailboxStatus st = (MailboxStatus) result[0];
            s.write(new ImapResponse.MailboxStatus(status.mailbox(),
                    statusValues(s, status.items(), st, (Long) result[1])));
            s.done(tag, "STATUS completed");
        });
    }

    private static long countDeleted(Mailbox m) throws Exception {
        long n = 0;
        for (MessageInfo info : m.messages()) {
            if (info.flags().contains(org.mailwire.store.Flag.DELETED)) {
                n++;
            }
        }
        return n;
    }

    private static List<ImapResponse.StatusValue> statusValues(ImapServerSession s, List<ImapCommand.StatusItem> items,
                                                               MailboxStatus st, long deleted) {
        List<ImapResponse.StatusValue> values = new ArrayList<>();
        for (ImapCommand.StatusItem item : items) {
            long v = switch (item) {
                case MESSAGES -> st.messages();
                case UIDNEXT -> st.uidNext();
                case UIDVALIDITY -> st.uidValidity();
                case UNSEEN -> st.unseen();
                case DELETED -> deleted;
                case SIZE -> st.size();
                case RECENT -> 0;
                case HIGHESTMODSEQ -> st.highestModSeq();
                case APPENDLIMIT -> s.settings().limits().maxLiteralSize();
            };
            values.add(new ImapResponse.StatusValue(item, v));
        }
        if (items.contains(ImapCommand.StatusItem.HIGHESTMODSEQ)) {
            s.enableCondStore();
        }
        return values;
    }

    // ---------------------------------------------------------------- APPEND

    static void append(ImapServerSession s, ImapCommand.Append append) {
        Tag tag = append.tag();
        List<MessageSpool.Spooled> spools = s.takeSpools();
        MessageSpool.Spooled spooled = spools.isEmpty() ? null : spools.get(spools.size() - 1);
        for (MessageSpool.Spooled other : spools) {
            if (other != spooled) {
                other.discard();
            }
        }
        MessageSource source;
        try {
            if (append.message() instanceof Fragment.Literal literal) {
                source = MessageSource.of(literal.toByteArray());
            } else if (spooled != null) {
                source = spooled.source();
            } else {
                s.bad(tag, "Message literal missing");
                return;
            }
        } catch (IOException e) {
            spooled.discard();
            s.no(tag, ResponseCode.serverBug(), "Could not receive the message");
            return;
        }
        org.mailwire.store.Flags flags;
        try {
            flags = ImapServerSession.storeFlags(append.flags());
        } catch (IllegalArgumentException e) {
            if (spooled != null) {
                spooled.discard();
            }
            s.bad(tag, "Flag cannot be stored");
            return;
        }
        String name = storeName(append.mailbox());
        UserMailboxes boxes = s.mailboxes();
        Optional<Instant> date = append.internalDate().map(d -> d.toInstant());
        String selected = s.mailboxName();
        long known = s.view() == null ? 0 : s.view().largestUid();
        s.work(tag, () -> {
            try {
                Mailbox target = boxes.open(name);
                AppendResult result = target.append(source, flags,
                        date.orElseGet(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS)));
                return new Appended(result, name.equals(selected)
                        ? target.messages(UidSet.range(known + 1, result.uid())) : List.of());
            } finally {
                if (spooled != null) {
                    spooled.discard();
                }
            }
        }, (Appended appended) -> {
            s.arrived(selected, appended.arrived());
            AppendResult result = appended.result();
            s.done(tag, ResponseCode.appendUid(UidValidity.of(result.uidValidity()),
                    SequenceSet.of(Long.toString(result.uid()))), "APPEND completed", true);
        }, failure -> s.failed(tag, failure, true));
    }

    /**
     * An append and, when it went to the selected mailbox, every message up to it that the client
     * has not been told of: reported before the tagged OK (RFC 9051 §6.3.12), in UID order, so a
     * concurrent append with a lower UID whose event is still on its way is not skipped.
     */
    private record Appended(AppendResult result, List<MessageInfo> arrived) {
    }

    // ---------------------------------------------------------------- QUOTA (RFC 9208)

    static void getQuota(ImapServerSession s, Tag tag, String root) {
        if (!root.equals(ROOT)) {
            s.no(tag, ResponseCode.nonexistent(), "No such quota root");
            return;
        }
        UserMailboxes boxes = s.mailboxes();
        s.work(tag, boxes::quota, usage -> {
            Optional<ImapResponse.Quota> quota = quotaResponse(usage);
            if (quota.isEmpty()) {
                s.no(tag, ResponseCode.nonexistent(), "No quota");
                return;
            }
            s.write(quota.get());
            s.done(tag, "GETQUOTA completed");
        });
    }

    static void getQuotaRoot(ImapServerSession s, ImapCommand.GetQuotaRoot command) {
        Tag tag = command.tag();
        UserMailboxes boxes = s.mailboxes();
        String name = storeName(command.mailbox());
        s.work(tag, () -> {
            boxes.open(name);
            return boxes.quota();
        }, usage -> {
            Optional<ImapResponse.Quota> quota = quotaResponse(usage);
            s.write(new ImapResponse.QuotaRoot(command.mailbox(), quota.isPresent() ? List.of(ROOT) : List.of()));
            quota.ifPresent(s::write);
            s.done(tag, "GETQUOTAROOT completed");
        });
    }

    private static Optional<ImapResponse.Quota> quotaResponse(QuotaUsage usage) {
        List<ImapResponse.QuotaResource> resources = new ArrayList<>();
        Quota limits = usage.limits();
        if (limits.maxStorage() != Quota.UNLIMITED) {
            // RFC 9208 §5.1: STORAGE is in units of 1024 octets.
            resources.add(new ImapResponse.QuotaResource(Atom.of("STORAGE"), (usage.storage() + 1023) / 1024,
                    limits.maxStorage() / 1024));
        }
        if (limits.maxMessages() != Quota.UNLIMITED) {
            resources.add(new ImapResponse.QuotaResource(Atom.of("MESSAGE"), usage.messages(), limits.maxMessages()));
        }
        return resources.isEmpty() ? Optional.empty() : Optional.of(new ImapResponse.Quota(ROOT, resources));
    }
}

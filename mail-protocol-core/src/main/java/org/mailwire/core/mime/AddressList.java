// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The addresses of an address header ({@code From}, {@code To}, {@code Cc}, ...), parsed
 * leniently in one forward pass (RFC 5322 §3.4, obsolete forms of §4.4).
 *
 * <p>Accepted beyond the strict grammar: route addresses ({@code <@a,@b:x@c>}, the route is
 * dropped), an addr-spec without angle brackets after a display name, a missing domain, empty
 * list elements, comments anywhere (a trailing comment names an addr-spec mailbox), unclosed
 * quotes, comments and angle brackets (they end at the end), a group without its closing
 * {@code ;}. Parsing stops after {@code maxAddresses} mailboxes and groups (group members count) and then
 * {@link #truncated()} is true: the cost is linear in the value, whatever the value holds
 * (Dovecot CVE-2024-23184).
 *
 * @param addresses the mailboxes and groups, in order
 * @param truncated whether addresses were dropped because of the limit
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5322#section-4.4">RFC 5322 §4.4</a>
 */
public record AddressList(List<Address> addresses, boolean truncated) {

    /** Copies the list. */
    public AddressList {
        addresses = List.copyOf(addresses);
    }

    /**
     * Parses an address header value with the default limit of 10,000 addresses.
     *
     * @param value the unfolded field value
     * @return the addresses
     */
    public static AddressList parse(String value) {
        return parse(value, MimeLimits.defaults().maxAddresses());
    }

    /**
     * Parses an address header value.
     *
     * @param value        the unfolded field value
     * @param maxAddresses how many mailboxes and groups to keep at most
     * @return the addresses, truncated when there were more
     */
    public static AddressList parse(String value, int maxAddresses) {
        MimeTokens in = new MimeTokens(value);
        List<Address> out = new ArrayList<>();
        int count = 0;
        String groupName = null;
        List<Mailbox> members = null;
        while (true) {
            Parsed parsed = parseOne(in);
            if (parsed.groupName != null) {
                if (groupName != null) {
                    out.add(new Group(groupName, members));
                    groupName = null;
                }
                // Groups count too, so a run of empty groups is bounded like mailboxes.
                if (count == maxAddresses) {
                    return new AddressList(out, true);
                }
                count++;
                groupName = parsed.groupName;
                members = new ArrayList<>();
                continue;
            }
            if (parsed.mailbox != null) {
                if (count == maxAddresses) {
                    if (groupName != null) {
                        out.add(new Group(groupName, members));
                    }
                    return new AddressList(out, true);
                }
                count++;
                if (groupName != null) {
                    members.add(parsed.mailbox);
                } else {
                    out.add(parsed.mailbox);
                }
            }
            if (in.atEnd()) {
                break;
            }
            char separator = in.peek();
            in.skip();
            if (separator == ';' && groupName != null) {
                out.add(new Group(groupName, members));
                groupName = null;
                members = null;
            }
        }
        if (groupName != null) {
            out.add(new Group(groupName, members));
        }
        return new AddressList(out, false);
    }

    /**
     * Returns the mailboxes, group members included, in order.
     *
     * @return every mailbox of the list
     */
    public List<Mailbox> mailboxes() {
        List<Mailbox> out = new ArrayList<>();
        for (Address address : addresses) {
            if (address instanceof Mailbox mailbox) {
                out.add(mailbox);
            } else if (address instanceof Group group) {
                out.addAll(group.members());
            }
        }
        return out;
    }

    private record Parsed(Mailbox mailbox, String groupName) {
    }

    /** Reads one mailbox or a group start, stopping before ',' or ';' or at the end. */
    private static Parsed parseOne(MimeTokens in) {
        StringBuilder phrase = new StringBuilder();
        StringBuilder local = new StringBuilder();
        String comment = null;
        String angleLocal = null;
        String angleDomain = null;
        String specLocal = null;
        String specDomain = null;
        boolean anything = false;
        boolean spaced = false;
        while (!in.atEnd()) {
            char c = in.peek();
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                in.skip();
                spaced = true;
                continue;
            } else if (c == '(') {
                StringBuilder text = new StringBuilder();
                in.comment(text);
                comment = text.toString().strip();
                spaced = true;
                continue;
            } else if (c == ',' || c == ';') {
                break;
            } else if (c == '"') {
                String word = in.quoted();
                appendWord(phrase, word, spaced);
                local.append(word);
                anything = true;
            } else if (c == '<') {
                in.skip();
                in.skipCommentsAndSpace();
                if (in.take('@')) {
                    // obs-route (RFC 5322 §4.4): "@a,@b:" before the address; dropped as IMAP does.
                    in.skipPast(':');
                }
                StringBuilder inner = new StringBuilder();
                String domain = "";
                while (!in.atEnd()) {
                    char d = in.peek();
                    if (d == '>') {
                        in.skip();
                        break;
                    } else if (d == '"') {
                        inner.append(in.quoted());
                    } else if (d == '@') {
                        in.skip();
                        in.skipCommentsAndSpace();
                        domain = domain(in);
                    } else if (d == '(' || d == ' ' || d == '\t') {
                        in.skipCommentsAndSpace();
                    } else if (d == '.' || MimeTokens.isAtomChar(d)) {
                        inner.append(d == '.' ? "." : in.atom(false));
                        if (d == '.') {
                            in.skip();
                        }
                    } else if (d == ',' && inner.length() == 0) {
                        in.skip();
                    } else {
                        in.skip();
                    }
                }
                angleLocal = inner.toString();
                angleDomain = domain;
                anything = true;
            } else if (c == ':' && angleLocal == null && specLocal == null) {
                in.skip();
                return new Parsed(null, phrase.toString());
            } else if (c == '@' && angleLocal == null) {
                in.skip();
                in.skipCommentsAndSpace();
                specLocal = local.toString();
                specDomain = domain(in);
                anything = true;
            } else if (c == '.') {
                in.skip();
                phrase.append('.');
                local.append('.');
            } else if (MimeTokens.isAtomChar(c)) {
                String word = in.atom(false);
                appendWord(phrase, word, spaced);
                local.append(word);
                anything = true;
            } else {
                // A stray special ('>', ']', '\\', ':' after an address): skipped, never looped on.
                in.skip();
            }
            spaced = false;
        }
        if (angleLocal != null) {
            Optional<String> name = phrase.length() > 0 ? Optional.of(phrase.toString())
                    : Optional.ofNullable(comment);
            return new Parsed(new Mailbox(name, angleLocal, angleDomain), null);
        }
        if (specLocal != null) {
            return new Parsed(new Mailbox(Optional.ofNullable(comment), specLocal, specDomain), null);
        }
        if (anything && local.length() > 0) {
            return new Parsed(new Mailbox(Optional.ofNullable(comment), local.toString(), ""), null);
        }
        return new Parsed(null, null);
    }

    private static String domain(MimeTokens in) {
        if (!in.atEnd() && in.peek() == '[') {
            return in.domainLiteral();
        }
        StringBuilder domain = null;
        if (!in.atEnd() && (in.peek() == '.' || MimeTokens.isAtomChar(in.peek()))) {
            // The usual domain is one dot-atom, with no CFWS inside: no builder needed.
            String first = in.atom(true);
            char next = in.atEnd() ? 0 : in.peek();
            if (next != '(' && next != ' ' && next != '\t') {
                return first;
            }
            domain = new StringBuilder(first);
        } else {
            domain = new StringBuilder();
        }
        while (!in.atEnd()) {
            char c = in.peek();
            if (c == '.' || MimeTokens.isAtomChar(c)) {
                domain.append(in.atom(true));
            } else if (c == '(' || c == ' ' || c == '\t') {
                // obs-domain allows CFWS around the dots (RFC 5322 §4.4).
                int mark = in.position();
                in.skipCommentsAndSpace();
                boolean afterDot = domain.length() > 0 && domain.charAt(domain.length() - 1) == '.';
                if (!afterDot && (in.atEnd() || in.peek() != '.')) {
                    in.position(mark);
                    break;
                }
            } else {
                break;
            }
        }
        return domain.toString();
    }

    private static void appendWord(StringBuilder phrase, String word, boolean spaced) {
        if (phrase.length() > 0 && (spaced || phrase.charAt(phrase.length() - 1) != '.')) {
            phrase.append(' ');
        }
        phrase.append(word);
    }
}

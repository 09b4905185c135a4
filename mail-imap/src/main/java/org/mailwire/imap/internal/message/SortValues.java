// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mailwire.core.mime.Address;
import org.mailwire.core.mime.Envelope;
import org.mailwire.core.mime.Group;
import org.mailwire.core.mime.Mailbox;
import org.mailwire.core.mime.MessageDate;

/** The values SORT and THREAD read from a message (RFC 5256 §2.2, §3; RFC 5957 §3). */
final class SortValues {

    private SortValues() {
    }

    /** The sent date: the Date field in UTC, else the internal date (RFC 5256 §2.2). */
    static Instant sentDate(MessageView view) throws IOException {
        Optional<MessageDate> date = view.headerEnvelope().parsedDate();
        return date.isPresent() ? date.get().dateTime().toInstant() : view.internalDate();
    }

    /** The base subject of the Subject field; a missing subject is the empty string. */
    static BaseSubject subject(MessageView view) throws IOException {
        Envelope e = view.headerEnvelope();
        return BaseSubject.of(e.subject().orElse(""));
    }

    /** The first mailbox of an address list, groups looked into. */
    static Optional<Mailbox> first(List<Address> list) {
        for (Address a : list) {
            if (a instanceof Mailbox m) {
                return Optional.of(m);
            }
            Group g = (Group) a;
            if (!g.members().isEmpty()) {
                return Optional.of(g.members().get(0));
            }
        }
        return Optional.empty();
    }

    /** RFC 5256 §3: the addr-mailbox (local part) of the first address, else "". */
    static String mailbox(List<Address> list) {
        return first(list).map(Mailbox::localPart).orElse("");
    }

    /**
     * RFC 5957 §3: the first address's display name, encoded words decoded, when not empty;
     * else its {@code mailbox@host}; else the empty string.
     */
    static String display(List<Address> list) {
        Optional<Mailbox> m = first(list);
        if (m.isEmpty()) {
            return "";
        }
        String name = m.get().decodedDisplayName().map(String::strip).orElse("");
        return name.isEmpty() ? m.get().localPart() + "@" + m.get().domain() : name;
    }

    /** i;ascii-casemap (RFC 4790 §9.2): ASCII letters compare as upper case, octets else. */
    static int compareAsciiCasemap(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            int x = upper(a.charAt(i));
            int y = upper(b.charAt(i));
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** The i;ascii-casemap key of a string: ASCII letters upper-cased, nothing else changed. */
    static String asciiUpper(String s) {
        char[] out = s.toCharArray();
        for (int i = 0; i < out.length; i++) {
            out[i] = (char) upper(out[i]);
        }
        return new String(out);
    }

    private static int upper(char c) {
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    }
}

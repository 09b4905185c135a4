// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import static org.mailwire.imap.internal.message.TestMessages.crlf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.mailwire.core.mime.MimeLimits;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.store.Flag;
import org.mailwire.store.Flags;
import org.mailwire.store.MessageInfo;

/** Three messages that between them exercise every SEARCH key, for tables and properties. */
final class SearchMailbox {

    static final byte[] ONE = (crlf(
            "Date: Mon, 8 Jan 2024 23:30:00 -0500",
            "From: =?UTF-8?Q?Alice_=C3=84pfel?= <alice@example.org>",
            "To: bob@example.net",
            "Cc: carol@example.com",
            "Subject: =?ISO-8859-1?Q?Caf=E9?= meeting",
            "Message-ID: <one@example.org>",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Let's meet at the caf=C3=A9=",
            " tomorrow.")).getBytes(StandardCharsets.US_ASCII);

    static final byte[] TWO = (crlf(
            "Date: Thu, 11 Jan 2024 10:00:00 +0000",
            "From: dave@example.org",
            "To: Team <team@example.net>",
            "Bcc: eve@example.org",
            "Subject: Re: Budget",
            "X-Priority: 1",
            "Message-ID: <two@example.org>",
            "In-Reply-To: <one@example.org>",
            "Content-Type: multipart/mixed; boundary=b",
            "",
            "--b",
            "Content-Type: text/plain",
            "Content-Transfer-Encoding: base64",
            "",
            Base64.getEncoder().encodeToString("quarterly numbers attached".getBytes(StandardCharsets.US_ASCII)),
            "--b",
            "Content-Type: application/pdf",
            "",
            "%PDF secret",
            "--b--")).getBytes(StandardCharsets.US_ASCII);

    static final byte[] THREE = concat(crlf(
            "From: frank@example.org",
            "To: undisclosed-recipients:;",
            "Content-Type: text/html; charset=iso-8859-1",
            "Content-Transfer-Encoding: 8bit",
            "").getBytes(StandardCharsets.US_ASCII),
            ("<p>Gr\u00fc\u00dfe aus Berlin</p>" + "\r\n" + "x".repeat(2000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static final SearchContext CONTEXT = SearchContext.of(3, 30, ZoneOffset.UTC)
            .withSavedResult(uid -> uid == 10 || uid == 30);

    /** Fresh views (nothing parsed yet) of the three messages, sequence numbers 1 to 3. */
    static List<SearchSubject> subjects() {
        List<SearchSubject> out = new ArrayList<>();
        out.add(subject(1, ONE, 10, 5, Flags.of(Flag.SEEN, Flag.ANSWERED).withKeyword("$Work"),
                "2024-01-10T12:00:00Z", false));
        out.add(subject(2, TWO, 20, 9, Flags.of(Flag.FLAGGED, Flag.DELETED), "2024-01-11T00:30:00Z", true));
        out.add(subject(3, THREE, 30, 12, Flags.of(Flag.DRAFT), "2024-01-12T08:00:00Z", true));
        return out;
    }

    private static SearchSubject subject(long seq, byte[] message, long uid, long modSeq, Flags flags, String date,
            boolean recent) {
        MessageInfo info = new MessageInfo(uid, modSeq, flags, Instant.parse(date), message.length);
        return SearchSubject.of(seq, MessageView.of(info, TestMessages.opener(message), MimeLimits.defaults()), recent);
    }

    /** The sequence numbers of the messages that match. */
    static Set<Long> search(SearchKey key) throws IOException {
        SearchMatcher matcher = SearchMatcher.of(key, CONTEXT);
        Set<Long> out = new TreeSet<>();
        for (SearchSubject s : subjects()) {
            if (matcher.matches(s)) {
                out.add(s.sequenceNumber());
            }
        }
        return out;
    }

    private SearchMailbox() {
    }
}

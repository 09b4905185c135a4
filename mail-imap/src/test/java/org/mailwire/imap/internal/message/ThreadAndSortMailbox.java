// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import static org.mailwire.imap.internal.message.TestMessages.crlf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mailwire.core.mime.MimeLimits;
import org.mailwire.store.Flags;
import org.mailwire.store.MessageInfo;

/** Small mailboxes for SORT and THREAD tests. */
final class ThreadAndSortMailbox {

    private ThreadAndSortMailbox() {
    }

    /** One message; {@code day} is the day of January 2024 of its Date: field (0: none). */
    static SearchSubject message(long seq, int day, String headers, String arrival) {
        String date = day == 0 ? "" : "Date: " + day + " Jan 2024 10:00:00 +0000\r\n";
        byte[] bytes = (date + headers.replace("\n", "\r\n") + "\r\n\r\nbody " + seq + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        MessageInfo info = new MessageInfo(seq * 10, 1, Flags.none(), Instant.parse(arrival), bytes.length);
        return SearchSubject.of(seq, MessageView.of(info, TestMessages.opener(bytes), MimeLimits.defaults()), false);
    }

    /** The threading mailbox: replies by References, by In-Reply-To, a missing parent, and a subject merge. */
    static List<SearchSubject> threads() {
        List<SearchSubject> out = new ArrayList<>();
        out.add(message(1, 1, "Message-ID: <a@x>\nSubject: hello", "2024-02-01T00:00:00Z"));
        out.add(message(2, 2, "Message-ID: <b@x>\nReferences: <a@x>\nSubject: Re: hello", "2024-02-01T00:00:00Z"));
        out.add(message(3, 3, "Message-ID: <c@x>\nReferences: <a@x> <b@x>\nSubject: Re: hello", "2024-02-01T00:00:00Z"));
        out.add(message(4, 4, "Message-ID: <d@x>\nIn-Reply-To: <a@x>\nSubject: Re: hello", "2024-02-01T00:00:00Z"));
        out.add(message(5, 5, "Message-ID: <e@x>\nSubject: other", "2024-02-01T00:00:00Z"));
        out.add(message(6, 6, "Message-ID: <f@x>\nReferences: <gone@x>\nSubject: orphan", "2024-02-01T00:00:00Z"));
        out.add(message(7, 7, "Message-ID: <g@x>\nReferences: <gone@x>\nSubject: orphan two", "2024-02-01T00:00:00Z"));
        out.add(message(8, 8, "Message-ID: <h@x>\nSubject: Re: other", "2024-02-01T00:00:00Z"));
        return out;
    }

    static String crlfHeaders(String... lines) {
        return crlf(lines);
    }
}

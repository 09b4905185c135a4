// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.imap;

import org.mailwire.testkit.arbitraries.ImapArbitraries;
import org.mailwire.imap.types.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of mailbox names: both wire forms round-trip over arbitrary Unicode names, and
 * modified UTF-7 has exactly one accepted spelling per name.
 */
class MailboxNameProperties {

    @Provide
    Arbitrary<MailboxName> names() {
        return ImapArbitraries.mailboxNames();
    }

    @Provide
    Arbitrary<String> wireLike() {
        return Arbitraries.strings().withChars("&-+,AGOkZeVnLIqU2D3abc/ ~\u00E9").ofMaxLength(16);
    }

    @Property(tries = 500)
    void modifiedUtf7RoundTrips(@ForAll("names") MailboxName name) {
        String wire = name.toModifiedUtf7();
        assertTrue(wire.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), wire);
        assertEquals(Optional.of(name), MailboxName.fromModifiedUtf7(wire));
    }

    @Property(tries = 500)
    void utf8RoundTrips(@ForAll("names") MailboxName name) {
        assertEquals(Optional.of(name), MailboxName.fromUtf8(name.toUtf8()));
    }

    @Property(tries = 1000)
    void everyAcceptedSpellingIsTheCanonicalOne(@ForAll("wireLike") String wire) {
        Optional<MailboxName> decoded = MailboxName.fromModifiedUtf7(wire);
        decoded.ifPresent(name -> {
            if (name.isInbox()) {
                assertTrue(wire.equalsIgnoreCase("INBOX"));
            } else {
                assertEquals(wire, name.toModifiedUtf7());
            }
        });
    }
}

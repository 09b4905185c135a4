// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mailwire.store.Flag;
import org.mailwire.store.Flags;

/**
 * The index file format: what is written reads back the same, and any bytes at all either read
 * as a valid index or are refused with {@link IllegalArgumentException}, which recovery turns
 * into a rebuild; nothing else may escape and stop the store from opening.
 */
class MailboxIndexProperties {

    @Provide
    Arbitrary<MailboxIndex> indexes() {
        Arbitrary<Flags> flags = Combinators.combine(Arbitraries.subsetOf(Flag.values()),
                Arbitraries.subsetOf("$Forwarded", "$Junk", "Work", "a,b"))
                .as((system, words) -> new Flags(system, words));
        Arbitrary<Long> gaps = Arbitraries.longs().between(1, 1000);
        Arbitrary<Instant> dates = Arbitraries.longs().between(0, 4_000_000_000L)
                .map(seconds -> Instant.ofEpochSecond(seconds, seconds % 1000 * 1_000_000));
        Arbitrary<String> bases = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('.', '-')
                .ofMinLength(1).ofMaxLength(30).filter(base -> !base.startsWith("."));
        return Combinators.combine(Arbitraries.longs().between(1, 0xFFFF_FFFFL),
                Combinators.combine(gaps, dates, bases, flags).as(List::of).list().ofMaxSize(20))
                .as((validity, parts) -> {
                    List<MailboxIndex.Entry> entries = new ArrayList<>();
                    long uid = 0;
                    for (List<Object> part : parts) {
                        uid += (Long) part.get(0);
                        entries.add(new MailboxIndex.Entry(uid, 1 + uid % 7, uid * 3, (Instant) part.get(1),
                                (String) part.get(2), (Flags) part.get(3)));
                    }
                    return new MailboxIndex(validity, uid + 1, 10, entries);
                });
    }

    @Property(tries = 300)
    void encodedIndexReadsBackTheSame(@ForAll("indexes") MailboxIndex index) {
        assertEquals(index, MailboxIndex.decode(index.encode()));
    }

    @Property(tries = 500)
    void anyBytesGiveAnIndexOrIllegalArgument(@ForAll byte[] bytes) {
        decodeOrRefuse(bytes);
    }

    @Property(tries = 500)
    void damagedIndexGivesAnIndexOrIllegalArgument(@ForAll("indexes") MailboxIndex index,
                                                   @ForAll int position, @ForAll byte replacement) {
        byte[] bytes = index.encode();
        bytes[Math.floorMod(position, bytes.length)] = replacement;
        decodeOrRefuse(bytes);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        decodeOrRefuse(text.substring(0, Math.floorMod(position, text.length())).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void decodeOrRefuse(byte[] bytes) {
        try {
            MailboxIndex decoded = MailboxIndex.decode(bytes);
            // What decodes must be usable by recovery as it stands.
            for (MailboxIndex.Entry entry : decoded.entries()) {
                new org.mailwire.store.MessageInfo(entry.uid(), entry.modSeq(), entry.flags(), entry.internalDate(),
                        entry.size());
                java.nio.file.Path.of("cur").resolve(MaildirFile.fileName(entry.base(), entry.flags().system()));
            }
        } catch (IllegalArgumentException refused) {
            // Recovery rebuilds the index under a new UIDVALIDITY.
        }
    }

    @Property(tries = 1)
    void keywordsWithCommasSurvive() {
        MailboxIndex index = new MailboxIndex(5, 2, 2, List.of(new MailboxIndex.Entry(1, 2, 10,
                Instant.EPOCH, "base", new Flags(Set.of(Flag.SEEN), Set.of("a,b")))));
        assertEquals(index, MailboxIndex.decode(index.encode()));
    }
}

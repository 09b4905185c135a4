// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.arbitraries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mailwire.core.mime.Address;
import org.mailwire.core.mime.AddressList;
import org.mailwire.core.mime.EncodedWords;
import org.mailwire.core.mime.Group;
import org.mailwire.core.mime.HeaderEncoder;
import org.mailwire.core.mime.Mailbox;
import org.mailwire.core.mime.MimeParser;
import org.mailwire.core.mime.ParsedMessage;

/** Round trips of the RFC 5322 arbitraries through mailwire's header encoder and MIME parser. */
class MailArbitrariesProperties {

    @Provide
    Arbitrary<List<Address>> addressLists() {
        return MailArbitraries.addressLists();
    }

    @Provide
    Arbitrary<String> hostileAddressValues() {
        return MailArbitraries.hostileAddressValues();
    }

    @Provide
    Arbitrary<byte[]> messages() {
        return MailArbitraries.messages();
    }

    @Provide
    Arbitrary<byte[]> hostileMessages() {
        return MailArbitraries.hostileMessages();
    }

    @Property(tries = 500)
    void addressListsRoundTripThroughTheEncoderAndParser(@ForAll("addressLists") List<Address> addresses) {
        String field = HeaderEncoder.addresses("To", addresses);
        String value = unfold(field.substring("To:".length(), field.length() - 2));
        assertEquals(comparable(addresses), comparable(AddressList.parse(value).addresses()), field);
    }

    @Property(tries = 1000)
    void hostileAddressValuesParseWithoutThrowing(@ForAll("hostileAddressValues") String value) {
        AddressList list = AddressList.parse(value, 50);
        assertTrue(list.addresses().size() <= 50);
    }

    @Property(tries = 200)
    void messagesParseToTheirEnvelope(@ForAll("messages") byte[] message) {
        ParsedMessage parsed = MimeParser.parse(message);
        assertTrue(parsed.problems().isEmpty(), parsed.problems() + "\n" + new String(message, StandardCharsets.UTF_8));
        assertEquals(1, parsed.envelope().from().size());
        assertTrue(parsed.envelope().subject().isPresent());
        assertEquals(message.length, parsed.size());
    }

    @Property(tries = 500)
    void hostileMessagesParseWithoutThrowing(@ForAll("hostileMessages") byte[] message) {
        ParsedMessage parsed = MimeParser.parse(message);
        assertEquals(message.length, parsed.size());
    }

    private static String unfold(String value) {
        return value.replace("\r\n", "").strip();
    }

    /** Display names compared decoded (encoded words are the encoder's choice). */
    private static List<Object> comparable(List<Address> addresses) {
        return addresses.stream().map(a -> a instanceof Group g
                ? (Object) List.of(EncodedWords.decode(g.name()), g.members().stream().map(MailArbitrariesProperties::comparable).toList())
                : comparable((Mailbox) a)).toList();
    }

    private static Object comparable(Mailbox m) {
        return List.of(m.decodedDisplayName().orElse(""), m.localPart(), m.domain());
    }
}

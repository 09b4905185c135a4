// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapCommandEncoder;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.codec.ResponseCode;
import org.mailwire.imap.types.Address;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.BodyStructure;
import org.mailwire.imap.types.Envelope;
import org.mailwire.imap.types.ExtensionValue;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.Partial;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.Section;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.Tag;
import org.mailwire.testkit.arbitraries.ImapArbitraries;

/**
 * Each value arbitrary of {@link ImapArbitraries} on its own: the value, placed in the command or
 * response that carries it, survives the codec's round trip. The whole-command and
 * whole-response properties draw these values too, but mixed among many kinds; here each one is
 * exercised directly, so a broken arbitrary or codec path shows by name. Tries are modest.
 */
class ImapValueProperties {

    private static final ImapCommandEncoder.LiteralMode PLUS = ImapCommandEncoder.LiteralMode.LITERAL_PLUS;

    @Provide
    Arbitrary<Tag> tags() {
        return ImapArbitraries.tags();
    }

    @Provide
    Arbitrary<SequenceSet> sequenceSets() {
        return ImapArbitraries.sequenceSets();
    }

    @Provide
    Arbitrary<MailboxName> mailboxNames() {
        return ImapArbitraries.mailboxNames();
    }

    @Provide
    Arbitrary<String> strings() {
        return ImapArbitraries.strings();
    }

    @Provide
    Arbitrary<SearchKey> searchKeys() {
        return ImapArbitraries.searchKeys(2);
    }

    @Provide
    Arbitrary<FetchItem> fetchItems() {
        return ImapArbitraries.fetchItems();
    }

    @Provide
    Arbitrary<Section> sections() {
        return ImapArbitraries.sections();
    }

    @Provide
    Arbitrary<Optional<Partial>> partials() {
        return ImapArbitraries.partials();
    }

    @Provide
    Arbitrary<List<Long>> partPaths() {
        return ImapArbitraries.partPaths();
    }

    @Provide
    Arbitrary<Atom> atomValues() {
        return ImapArbitraries.atomValues();
    }

    @Provide
    Arbitrary<Flag> flags() {
        return ImapArbitraries.flags();
    }

    @Provide
    Arbitrary<FetchData> fetchData() {
        return ImapArbitraries.fetchData();
    }

    @Provide
    Arbitrary<OffsetDateTime> dates() {
        return ImapArbitraries.dates();
    }

    @Provide
    Arbitrary<Address> addresses() {
        return ImapArbitraries.addresses();
    }

    @Provide
    Arbitrary<Envelope> envelopes() {
        return ImapArbitraries.envelopes();
    }

    @Provide
    Arbitrary<BodyStructure> bodyStructures() {
        return ImapArbitraries.bodyStructures(2);
    }

    @Provide
    Arbitrary<ResponseCode> responseCodes() {
        return ImapArbitraries.responseCodes();
    }

    @Provide
    Arbitrary<String> objectIds() {
        return ImapArbitraries.objectIds();
    }

    @Provide
    Arbitrary<ImapResponse.StatusValue> statusValues() {
        return ImapArbitraries.statusValues();
    }

    @Provide
    Arbitrary<ImapResponse.ThreadNode> threads() {
        return ImapArbitraries.threads(3);
    }

    @Provide
    Arbitrary<ImapResponse.NamespaceDescription> namespaces() {
        return ImapArbitraries.namespaces();
    }

    @Provide
    Arbitrary<ExtensionValue> extensionValues() {
        return ImapArbitraries.extensionValues(2);
    }

    @Property(tries = 100)
    void sequenceSetsAndTagsRoundTripInCopy(@ForAll("tags") Tag tag, @ForAll("sequenceSets") SequenceSet set,
            @ForAll("mailboxNames") MailboxName mailbox, @ForAll boolean uid, @ForAll boolean utf8) {
        assertEquals(set, SequenceSet.of(set.wire()));
        ImapRoundTrip.command(new ImapCommand.Copy(tag, uid, set, mailbox), utf8, PLUS);
    }

    @Property(tries = 100)
    void stringsRoundTripInLoginInEveryLiteralMode(@ForAll("tags") Tag tag, @ForAll("strings") String user,
            @ForAll("strings") String password, @ForAll boolean utf8, @ForAll ImapCommandEncoder.LiteralMode mode) {
        ImapRoundTrip.command(new ImapCommand.Login(tag, user, password), utf8, mode);
    }

    @Property(tries = 100)
    void searchKeysRoundTripInSearch(@ForAll("tags") Tag tag,
            @ForAll @Size(min = 1, max = 3) List<@From("searchKeys") SearchKey> keys,
            @ForAll boolean utf8) {
        ImapRoundTrip.command(new ImapCommand.Search(tag, false, Optional.empty(), Optional.empty(), keys), utf8, PLUS);
    }

    @Property(tries = 100)
    void fetchItemsSectionsAndPartialsRoundTripInFetch(@ForAll("tags") Tag tag,
            @ForAll("sequenceSets") SequenceSet set,
            @ForAll @Size(max = 3) List<@From("fetchItems") FetchItem> items,
            @ForAll("sections") Section section, @ForAll("partials") Optional<Partial> partial,
            @ForAll("partPaths") List<Long> path, @ForAll boolean peek) {
        List<FetchItem> all = new ArrayList<>(items);
        all.add(new FetchItem.BodySection(section, partial, peek));
        all.add(new FetchItem.BinarySize(path));
        ImapRoundTrip.command(new ImapCommand.Fetch(tag, true, set, new ImapCommand.FetchItemList(all),
                Optional.empty(), false), true, PLUS);
    }

    @Property(tries = 100)
    void atomsRoundTripInCapabilityAndFlagsInFlags(
            @ForAll @Size(min = 1, max = 4) List<@From("atomValues") Atom> capabilities,
            @ForAll @Size(max = 4) List<@From("flags") Flag> flags, @ForAll boolean utf8) {
        ImapRoundTrip.response(new ImapResponse.Capability(capabilities), utf8);
        ImapRoundTrip.response(new ImapResponse.Flags(flags), utf8);
    }

    @Property(tries = 100)
    void fetchDataDatesEnvelopesAndBodyStructuresRoundTripInFetch(
            @ForAll @Size(max = 3) List<@From("fetchData") FetchData> data,
            @ForAll("dates") OffsetDateTime date, @ForAll("envelopes") Envelope envelope,
            @ForAll("addresses") Address address, @ForAll("bodyStructures") BodyStructure body,
            @ForAll boolean extensible, @ForAll boolean utf8) {
        List<FetchData> all = new ArrayList<>(data);
        all.add(new FetchData.InternalDate(date));
        all.add(new FetchData.EnvelopeData(envelope));
        all.add(new FetchData.EnvelopeData(new Envelope(Optional.empty(), Optional.empty(), List.of(address),
                List.of(), List.of(), List.of(address, address), List.of(), List.of(), Optional.empty(),
                Optional.empty())));
        all.add(new FetchData.Body(body, extensible));
        ImapRoundTrip.response(new ImapResponse.Fetch(1, all), utf8);
    }

    @Property(tries = 100)
    void responseCodesAndObjectIdsRoundTripInStatusResponses(@ForAll("responseCodes") ResponseCode code,
            @ForAll("objectIds") String id, @ForAll("tags") Tag tag, @ForAll boolean utf8) {
        ImapRoundTrip.response(new ImapResponse.Status(Optional.of(tag), ImapResponse.Kind.NO, Optional.of(code),
                "refused"), utf8);
        ImapRoundTrip.response(new ImapResponse.Status(Optional.empty(), ImapResponse.Kind.OK,
                Optional.of(ResponseCode.mailboxId(id)), "created"), utf8);
    }

    @Property(tries = 100)
    void statusValuesRoundTripInStatus(@ForAll("mailboxNames") MailboxName mailbox,
            @ForAll @Size(max = 4) List<ImapResponse.@From("statusValues") StatusValue> values,
            @ForAll boolean utf8) {
        ImapRoundTrip.response(new ImapResponse.MailboxStatus(mailbox, values), utf8);
    }

    @Property(tries = 100)
    void threadsRoundTripInThread(
            @ForAll @Size(max = 3) List<ImapResponse.@From("threads") ThreadNode> threads) {
        ImapRoundTrip.response(new ImapResponse.Thread(threads), true);
    }

    @Property(tries = 100)
    void namespacesRoundTripInNamespace(
            @ForAll @Size(max = 3) List<ImapResponse.@From("namespaces") NamespaceDescription> personal,
            @ForAll @Size(max = 2) List<ImapResponse.@From("namespaces") NamespaceDescription> shared,
            @ForAll boolean utf8) {
        ImapRoundTrip.response(new ImapResponse.Namespace(personal, List.of(), shared), utf8);
    }

    @Property(tries = 100)
    void extensionValuesRoundTripInListExtendedItems(@ForAll("mailboxNames") MailboxName mailbox,
            @ForAll("extensionValues") ExtensionValue value, @ForAll("strings") String name, @ForAll boolean utf8) {
        ImapRoundTrip.response(new ImapResponse.ListMailbox(false, List.of(), Optional.of('/'), mailbox,
                List.of(new ImapResponse.ExtendedItem(name, value))), utf8);
    }
}

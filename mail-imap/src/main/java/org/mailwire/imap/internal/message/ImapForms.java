// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.mailwire.core.mime.BodyFields;
import org.mailwire.core.mime.ContentDisposition;
import org.mailwire.core.mime.ContentType;
import org.mailwire.core.mime.Group;
import org.mailwire.core.mime.Mailbox;
import org.mailwire.core.mime.MimeParameter;
import org.mailwire.imap.types.Address;
import org.mailwire.imap.types.BodyStructure;
import org.mailwire.imap.types.Envelope;
import org.mailwire.imap.types.ExtensionValue;

/**
 * Turns the parser's {@code core.mime} envelope and structure into the IMAP values FETCH sends
 * (RFC 9051 §7.5.2).
 *
 * <p>Choices: type, subtype, parameter names and the transfer encoding are sent in upper case,
 * as the RFC's examples write them; parameter values keep their case. A group becomes the
 * RFC's start marker ({@code NIL NIL "name" NIL}), its members, and the end marker; a mailbox
 * written without a domain gets an empty host string (NIL would read as a group marker). A
 * multipart whose parts could not be found is sent as a single part of its declared type, as the
 * parser reports it. {@code BODYSTRUCTURE} always carries all four extension fields (MD5 or
 * parameters, disposition, language, location), NIL where absent.
 */
final class ImapForms {

    private ImapForms() {
    }

    static Envelope envelope(org.mailwire.core.mime.Envelope e) {
        return new Envelope(safe(e.date()), safe(e.subject()), addresses(e.from()), addresses(e.sender()),
                addresses(e.replyTo()), addresses(e.to()), addresses(e.cc()), addresses(e.bcc()), safe(e.inReplyTo()),
                safe(e.messageId()));
    }

    static List<Address> addresses(List<org.mailwire.core.mime.Address> list) {
        List<Address> out = new ArrayList<>(list.size());
        for (org.mailwire.core.mime.Address a : list) {
            if (a instanceof Mailbox m) {
                out.add(address(m));
            } else {
                Group g = (Group) a;
                // RFC 9051 §7.5.2: a group is a start marker with the name as mailbox, the
                // members, and an end marker with NIL everywhere.
                out.add(new Address(Optional.empty(), Optional.empty(), Optional.of(safe(g.name())), Optional.empty()));
                g.members().forEach(m -> out.add(address(m)));
                out.add(new Address(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
            }
        }
        return out;
    }

    private static Address address(Mailbox m) {
        return new Address(safe(m.displayName()), Optional.empty(), Optional.of(safe(m.localPart())),
                Optional.of(safe(m.domain())));
    }

    static BodyStructure body(org.mailwire.core.mime.BodyStructure node, boolean extensible) {
        if (node instanceof org.mailwire.core.mime.BodyStructure.Multipart m && !m.parts().isEmpty()) {
            List<BodyStructure> parts = new ArrayList<>(m.parts().size());
            for (org.mailwire.core.mime.BodyStructure p : m.parts()) {
                parts.add(body(p, extensible));
            }
            List<ExtensionValue> ext = extensible
                    ? List.of(parameters(m.contentType().parameters()), disposition(m.fields()), language(m.fields()),
                            nstring(m.fields().location()))
                    : List.of();
            return new BodyStructure.MultiPart(parts, upper(m.contentType().subtype()), ext);
        }
        ContentType type = node.contentType();
        BodyFields fields;
        OptionalLong lines = OptionalLong.empty();
        Optional<BodyStructure.Message> message = Optional.empty();
        if (node instanceof org.mailwire.core.mime.BodyStructure.SinglePart s) {
            fields = s.fields();
            lines = s.lines();
        } else if (node instanceof org.mailwire.core.mime.BodyStructure.MessagePart mp) {
            fields = mp.fields();
            message = Optional.of(new BodyStructure.Message(envelope(mp.envelope()), body(mp.message(), extensible),
                    mp.lines()));
        } else {
            fields = ((org.mailwire.core.mime.BodyStructure.Multipart) node).fields();
        }
        List<BodyStructure.Parameter> params = new ArrayList<>(type.parameters().size());
        for (MimeParameter p : type.parameters()) {
            params.add(new BodyStructure.Parameter(upper(p.name()), safe(p.value())));
        }
        List<ExtensionValue> ext = extensible
                ? List.of(nstring(fields.md5()), disposition(fields), language(fields), nstring(fields.location()))
                : List.of();
        return new BodyStructure.SinglePart(upper(type.type()), upper(type.subtype()), params, safe(fields.id()),
                safe(fields.description()), upper(fields.encoding()), node.body().length(), message, lines, ext);
    }

    private static ExtensionValue parameters(List<MimeParameter> list) {
        if (list.isEmpty()) {
            return ExtensionValue.Nil.INSTANCE;
        }
        List<ExtensionValue> items = new ArrayList<>(list.size() * 2);
        for (MimeParameter p : list) {
            items.add(new ExtensionValue.Str(upper(p.name())));
            items.add(new ExtensionValue.Str(safe(p.value())));
        }
        return new ExtensionValue.Items(items);
    }

    private static ExtensionValue disposition(BodyFields fields) {
        if (fields.disposition().isEmpty()) {
            return ExtensionValue.Nil.INSTANCE;
        }
        ContentDisposition d = fields.disposition().get();
        return new ExtensionValue.Items(List.of(new ExtensionValue.Str(upper(d.type())), parameters(d.parameters())));
    }

    private static ExtensionValue language(BodyFields fields) {
        List<String> tags = fields.language();
        if (tags.isEmpty()) {
            return ExtensionValue.Nil.INSTANCE;
        }
        if (tags.size() == 1) {
            return new ExtensionValue.Str(safe(tags.get(0)));
        }
        return new ExtensionValue.Items(tags.stream().<ExtensionValue>map(t -> new ExtensionValue.Str(safe(t))).toList());
    }

    private static ExtensionValue nstring(Optional<String> value) {
        return value.<ExtensionValue>map(v -> new ExtensionValue.Str(safe(v))).orElse(ExtensionValue.Nil.INSTANCE);
    }

    private static String upper(String s) {
        return safe(s.toUpperCase(Locale.ROOT));
    }

    /** IMAP strings cannot carry NUL (RFC 9051 §9 CHAR8); a stored NUL is dropped. */
    static String safe(String s) {
        return s.indexOf(0) < 0 ? s : s.replace("\0", "");
    }

    static Optional<String> safe(Optional<String> s) {
        return s.map(ImapForms::safe);
    }
}

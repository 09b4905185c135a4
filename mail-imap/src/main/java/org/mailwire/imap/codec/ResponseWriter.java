// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.mailwire.imap.types.Address;
import org.mailwire.imap.types.BodyStructure;
import org.mailwire.imap.types.Envelope;
import org.mailwire.imap.types.ExtensionValue;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.StringForm;

/**
 * Writes the pieces of server responses: strings in the lightest form a server may use (quoted,
 * else a synchronising-style {@code {n}} literal, since servers never send {@code {n+}},
 * RFC 7888 §4), NIL, envelopes and body structures. 8-bit strings go as literals so that the
 * output is valid for IMAP4rev1 clients too.
 */
final class ResponseWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean utf8;

    ResponseWriter(boolean utf8) {
        this.utf8 = utf8;
    }

    ResponseWriter text(String ascii) {
        out.writeBytes(ascii.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    ResponseWriter number(long n) {
        return text(Long.toString(n));
    }

    ResponseWriter string(String value) {
        return string(value.getBytes(StandardCharsets.UTF_8));
    }

    ResponseWriter string(byte[] value) {
        if (StringForm.forString(value, false) == StringForm.QUOTED) {
            out.write('"');
            for (byte b : value) {
                if (b == '"' || b == '\\') {
                    out.write('\\');
                }
                out.write(b);
            }
            out.write('"');
        } else {
            literal(value, false);
        }
        return this;
    }

    ResponseWriter astring(byte[] value) {
        if (StringForm.forAString(value, false) == StringForm.ATOM) {
            out.writeBytes(value);
            return this;
        }
        return string(value);
    }

    ResponseWriter literal(byte[] value, boolean binary) {
        text(binary ? "~{" : "{").number(value.length).text("}\r\n");
        out.writeBytes(value);
        return this;
    }

    ResponseWriter nstring(Optional<String> value) {
        return value.isPresent() ? string(value.get()) : text("NIL");
    }

    ResponseWriter mailbox(MailboxName name) {
        return astring(utf8 ? name.toUtf8() : name.toModifiedUtf7().getBytes(StandardCharsets.US_ASCII));
    }

    ResponseWriter addresses(List<Address> list) {
        if (list.isEmpty()) {
            return text("NIL");
        }
        // RFC 9051 §9: env-from = "(" 1*address ")" / nil, with no space between addresses.
        text("(");
        for (Address a : list) {
            text("(").nstring(a.name()).text(" ").nstring(a.adl()).text(" ").nstring(a.mailbox()).text(" ")
                    .nstring(a.host()).text(")");
        }
        return text(")");
    }

    ResponseWriter envelope(Envelope e) {
        text("(").nstring(e.date()).text(" ").nstring(e.subject()).text(" ");
        addresses(e.from()).text(" ");
        addresses(e.sender()).text(" ");
        addresses(e.replyTo()).text(" ");
        addresses(e.to()).text(" ");
        addresses(e.cc()).text(" ");
        addresses(e.bcc()).text(" ");
        return nstring(e.inReplyTo()).text(" ").nstring(e.messageId()).text(")");
    }

    ResponseWriter body(BodyStructure body) {
        text("(");
        if (body instanceof BodyStructure.MultiPart m) {
            // body-type-mpart = 1*body SP media-subtype: parts follow each other without a space.
            m.parts().forEach(this::body);
            text(" ").string(m.subtype());
        } else {
            BodyStructure.SinglePart s = (BodyStructure.SinglePart) body;
            string(s.type()).text(" ").string(s.subtype()).text(" ");
            if (s.parameters().isEmpty()) {
                text("NIL");
            } else {
                text("(");
                for (int i = 0; i < s.parameters().size(); i++) {
                    text(i == 0 ? "" : " ").string(s.parameters().get(i).name()).text(" ")
                            .string(s.parameters().get(i).value());
                }
                text(")");
            }
            text(" ").nstring(s.id()).text(" ").nstring(s.description()).text(" ").string(s.encoding()).text(" ")
                    .number(s.size());
            s.message().ifPresent(m -> {
                text(" ").envelope(m.envelope()).text(" ").body(m.body()).text(" ").number(m.lines());
            });
            s.lines().ifPresent(l -> text(" ").number(l));
        }
        for (ExtensionValue v : body.extension()) {
            text(" ").extension(v);
        }
        return text(")");
    }

    ResponseWriter extension(ExtensionValue v) {
        if (v instanceof ExtensionValue.Str s) {
            string(s.value());
        } else if (v instanceof ExtensionValue.Num n) {
            number(n.value());
        } else if (v instanceof ExtensionValue.Items items) {
            text("(");
            for (int i = 0; i < items.items().size(); i++) {
                text(i == 0 ? "" : " ").extension(items.items().get(i));
            }
            text(")");
        } else {
            text("NIL");
        }
        return this;
    }

    /** Returns what was written so far and starts again empty (for streamed literals). */
    byte[] cut() {
        byte[] bytes = out.toByteArray();
        out.reset();
        return bytes;
    }

    byte[] line() {
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Messages the tests build, and a compact rendering of a body structure to compare exactly. */
final class MimeCorpus {

    private MimeCorpus() {
    }

    /** Joins lines with CRLF, each line ending in CRLF. */
    static byte[] crlf(String... lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static String slice(byte[] message, ByteRange range) {
        return new String(message, (int) range.start(), (int) range.length(), StandardCharsets.UTF_8);
    }

    /** RFC 5322 Appendix A.1.1, a simple message. */
    static byte[] rfc5322SimpleMessage() {
        return crlf(
                "From: John Doe <jdoe@machine.example>",
                "To: Mary Smith <mary@example.net>",
                "Subject: Saying Hello",
                "Date: Fri, 21 Nov 1997 09:55:06 -0600",
                "Message-ID: <1234@local.machine.example>",
                "",
                "This is a message just to say hello.",
                "So, \"Hello\".");
    }

    /** RFC 2046 §5.1.1, the multipart example with preamble and epilogue. */
    static byte[] rfc2046Example() {
        return crlf(
                "From: Nathaniel Borenstein <nsb@bellcore.com>",
                "To: Ned Freed <ned@innosoft.com>",
                "Date: Sun, 21 Mar 1993 23:56:48 -0800 (PST)",
                "Subject: Sample message",
                "MIME-Version: 1.0",
                "Content-type: multipart/mixed; boundary=\"simple boundary\"",
                "",
                "This is the preamble.  It is to be ignored, though it",
                "is a handy place for composition agents to include an",
                "explanatory note to non-MIME conformant readers.",
                "",
                "--simple boundary",
                "",
                "This is implicitly typed plain US-ASCII text.",
                "It does NOT end with a linebreak.",
                "--simple boundary",
                "Content-type: text/plain; charset=us-ascii",
                "",
                "This is explicitly typed plain US-ASCII text.",
                "It DOES end with a linebreak.",
                "",
                "--simple boundary--",
                "",
                "This is the epilogue.  It is also to be ignored.");
    }

    /** A mixed message: alternative text/html, an attachment, and a forwarded message. */
    static byte[] nestedMessage() {
        return crlf(
                "From: =?UTF-8?B?SsO8cmdlbg==?= <j@example.de>",
                "To: undisclosed-recipients:;",
                "Subject: =?ISO-8859-1?Q?Gr=FC=DFe?= aus =?UTF-8?Q?K=C3=B6ln?=",
                "Date: 1 Jan 24 10:00 GMT",
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=outer",
                "",
                "preamble",
                "--outer",
                "Content-Type: multipart/alternative; boundary=\"inner\"",
                "",
                "--inner",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Gr=C3=BC=C3=9Fe",
                "--inner",
                "Content-Type: text/html; charset=utf-8",
                "",
                "<p>hi</p>",
                "--inner--",
                "--outer",
                "Content-Type: application/pdf; name=\"a.pdf\"",
                "Content-Transfer-Encoding: base64",
                "Content-Disposition: attachment;",
                " filename*0*=utf-8''%E2%82%AC; filename*1=\"-rate.pdf\"",
                "Content-ID: <part3@example.de>",
                "Content-Language: de, en",
                "",
                "JVBERi0=",
                "--outer",
                "Content-Type: message/rfc822",
                "",
                "From: Inner <inner@example.org>",
                "Subject: forwarded",
                "Content-Type: text/plain",
                "",
                "inner body",
                "line two",
                "--outer--",
                "epilogue");
    }

    /** Renders a structure as one line: numbers, types, parameters, encodings, sizes, lines. */
    static String render(BodyStructure body) {
        StringBuilder out = new StringBuilder();
        render(body, out);
        return out.toString();
    }

    private static void render(BodyStructure body, StringBuilder out) {
        out.append('(').append(body.partNumber().isEmpty() ? "-" : body.partNumber()).append(' ')
                .append(body.contentType().mediaType());
        List<String> parameters = new ArrayList<>();
        body.contentType().parameters().forEach(p -> parameters.add(p.name() + "=" + p.value()));
        if (!parameters.isEmpty()) {
            out.append(' ').append(parameters);
        }
        if (body instanceof BodyStructure.SinglePart single) {
            out.append(' ').append(single.fields().encoding()).append(" size=").append(single.body().length());
            single.lines().ifPresent(l -> out.append(" lines=").append(l));
        } else if (body instanceof BodyStructure.MessagePart message) {
            out.append(' ').append(message.fields().encoding()).append(" size=").append(message.body().length())
                    .append(" lines=").append(message.lines()).append(' ');
            render(message.message(), out);
        } else if (body instanceof BodyStructure.Multipart multipart) {
            if (!multipart.closed()) {
                out.append(" unclosed");
            }
            for (BodyStructure part : multipart.parts()) {
                out.append(' ');
                render(part, out);
            }
        }
        out.append(')');
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Received:} trace field a server prepends to each message it accepts
 * (RFC 5321 §4.4): where it came from (EHLO name and the address literal of the connection),
 * which host took it, with which protocol, the queue id, the recipient when there is only one,
 * and the time.
 */
public final class ReceivedField {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private ReceivedField() {
    }

    /**
     * Writes the field, folded, with its final CRLF.
     *
     * @param peer     the client
     * @param envelope the transaction
     * @param byHost   this server's host name
     * @param id       the identifier this server gives the message
     * @return the field
     */
    public static String of(SmtpPeer peer, SmtpEnvelope envelope, String byHost, String id) {
        // RFC 5321 §4.4: From-domain with TCP-info, By-domain, With, ID, For (one recipient), date.
        String ip = peer.remoteAddress().getAddress().getHostAddress();
        String literal = ip.indexOf(':') >= 0 ? "[IPv6:" + ip + "]" : "[" + ip + "]";
        StringBuilder field = new StringBuilder("Received: from ")
                .append(peer.context().heloName().orElse("unknown"))
                .append(" (").append(literal).append(")\r\n\tby ").append(byHost)
                .append(" with ").append(peer.context().protocolName())
                .append(" id ").append(id);
        if (envelope.recipients().size() == 1) {
            field.append("\r\n\tfor ").append(envelope.recipients().get(0).toPath());
        }
        field.append(";\r\n\t").append(DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        return field.toString();
    }
}

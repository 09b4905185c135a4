// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import java.util.Locale;
import org.mailwire.smtp.codec.EnhancedStatus;
import org.mailwire.smtp.codec.SmtpReply;

/**
 * The plain words that bounces have long used for the common causes, chosen from the enhanced
 * status code (RFC 3463 §3) and, when the code is vague, from the reply text.
 */
final class FailureWords {

    static final String USER_UNKNOWN = "User unknown";
    static final String HOST_UNKNOWN = "Host unknown";
    static final String OVER_QUOTA = "Message size exceeds remaining quota";
    static final String TOO_LARGE = "Message exceeds maximum fixed size";
    static final String NAME_SERVER_TIMEOUT = "Name server timeout";
    static final String NO_MAIL_ACCEPTED = "Domain does not accept mail";
    static final String MAIL_LOOP = "Mail loop detected (too many Received headers)";
    static final String CONNECTION_FAILED = "Connection refused or host unreachable";
    static final String TLS_REQUIRED = "TLS required but not offered by the receiving server";

    private FailureWords() {
    }

    static String forStatus(EnhancedStatus status, SmtpReply reply) {
        String known = switch (status.subject() * 1000 + status.detail()) {
            case 1001 -> USER_UNKNOWN;                    // X.1.1 bad destination mailbox address
            case 1002 -> HOST_UNKNOWN;                    // X.1.2 bad destination system address
            case 1006 -> "User has moved";                // X.1.6 destination mailbox has moved
            case 1010 -> NO_MAIL_ACCEPTED;                // X.1.10 null MX, RFC 7505
            case 2001 -> "Mailbox disabled";              // X.2.1
            case 2002 -> OVER_QUOTA;                      // X.2.2 mailbox full
            case 2003, 3004 -> TOO_LARGE;                 // X.2.3 / X.3.4 message too big
            case 4004 -> "Unable to route";               // X.4.4
            case 4006, 4007 -> "Mail loop or delivery time expired"; // X.4.6 / X.4.7
            case 7001 -> "Delivery not authorized, message refused"; // X.7.1
            default -> null;
        };
        if (known != null) {
            return known;
        }
        String text = String.join(" ", reply.lines()).toLowerCase(Locale.ROOT);
        if (text.contains("user unknown") || text.contains("no such user") || text.contains("unknown user")) {
            return USER_UNKNOWN;
        }
        if (text.contains("quota") || text.contains("mailbox full")) {
            return OVER_QUOTA;
        }
        return reply.code() >= 500 ? "Delivery refused by the receiving server" : "Delivery deferred by the receiving server";
    }
}

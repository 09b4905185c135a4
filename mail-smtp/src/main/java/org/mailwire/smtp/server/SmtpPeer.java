// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.mailwire.smtp.protocol.SmtpContext;

/**
 * The client as a handler sees it: where it connects from and what the session knows of it.
 *
 * @param remoteAddress the client's address and port
 * @param context the greeting name, TLS and authentication state
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.4">RFC 5321 §4.4 (trace information)</a>
 */
public record SmtpPeer(InetSocketAddress remoteAddress, SmtpContext context) {

    /**
     * Checks the parts are present.
     *
     * @param remoteAddress see the record description
     * @param context see the record description
     */
    public SmtpPeer {
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(context, "context");
    }
}

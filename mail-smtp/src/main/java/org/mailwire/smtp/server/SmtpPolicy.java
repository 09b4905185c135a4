// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.Mailbox;

/**
 * Who may send mail where: the relay decision of RFC 5321 §7.9 and the sender check of
 * submission (RFC 6409 §6.1). By default nothing is relayed: a recipient outside the local
 * domains gets {@code 554 5.7.1 Relay access denied} unless the client authenticated or comes
 * from a trusted network (SECURITY-CASES SEC-01).
 *
 * @param localDomains the domains this server receives mail for, compared ignoring ASCII case;
 *     {@code our.example.} (trailing dot) and address literals are never local
 * @param trustedNetworks clients that may relay without authentication
 * @param senderMustMatchLogin whether an authenticated client may only use its own address as
 *     the reverse-path ({@code 553 5.7.1} otherwise, SEC-02)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-7.9">RFC 5321 §7.9</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2505">RFC 2505</a>
 */
public record SmtpPolicy(Set<String> localDomains, List<Network> trustedNetworks, boolean senderMustMatchLogin) {

    /**
     * Normalises and copies.
     *
     * @param localDomains see the record description
     * @param trustedNetworks see the record description
     * @param senderMustMatchLogin see the record description
     */
    public SmtpPolicy {
        localDomains = localDomains.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        trustedNetworks = List.copyOf(trustedNetworks);
    }

    /**
     * Tells whether a recipient belongs to this server: {@code <Postmaster>}, or a mailbox in a
     * local domain. Source routes are gone after decoding, and {@code %} or {@code !} in a local
     * part mean nothing here, so {@code <v%ext.example@our.example>} is simply a local mailbox.
     *
     * @param recipient the forward-path
     * @return {@code true} if it is local
     */
    public boolean isLocal(ForwardPath recipient) {
        if (recipient instanceof Mailbox mailbox) {
            return localDomains.contains(mailbox.domain().toLowerCase(Locale.ROOT));
        }
        return true;
    }

    /**
     * Tells whether a client may send to a recipient.
     *
     * @param recipient the forward-path
     * @param authenticated whether the client authenticated
     * @param client the client's address
     * @return {@code true} if local, authenticated or trusted
     */
    public boolean mayRelayTo(ForwardPath recipient, boolean authenticated, InetAddress client) {
        if (isLocal(recipient) || authenticated) {
            return true;
        }
        for (Network network : trustedNetworks) {
            if (network.contains(client)) {
                return true;
            }
        }
        return false;
    }
}

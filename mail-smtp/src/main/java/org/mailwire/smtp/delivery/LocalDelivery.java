// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.mailwire.smtp.codec.EnhancedStatus;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MessageSource;
import org.mailwire.store.QuotaExceededException;
import org.mailwire.store.StoreException;
import org.mailwire.store.UserMailboxes;
import org.mailwire.store.UserNotFoundException;

/**
 * Delivery into this server's own mail store for its local domains: each recipient's INBOX,
 * with the quota checked by the store.
 */
public final class LocalDelivery {

    private static final System.Logger LOG = System.getLogger(LocalDelivery.class.getName());

    private final MailStore store;
    private final Set<String> domains;

    /**
     * Creates local delivery for the given domains.
     *
     * @param store   the store that holds the users
     * @param domains the domains whose mail is stored here (case-insensitive)
     */
    public LocalDelivery(MailStore store, Set<String> domains) {
        this.store = Objects.requireNonNull(store, "store");
        this.domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Tells whether mail for a domain is stored here.
     *
     * @param domain the domain
     * @return {@code true} if local
     */
    public boolean isLocal(String domain) {
        return domains.contains(domain.toLowerCase(Locale.ROOT));
    }

    /**
     * Returns the local domains.
     *
     * @return the domains, lower case
     */
    public Set<String> domains() {
        return domains;
    }

    /**
     * Finds the user that receives mail for an address: the full address, with the domain in
     * lower case, or the local part alone (users created without a domain).
     *
     * @param address the recipient
     * @return the user's mailboxes, if there is such a user
     */
    public Optional<UserMailboxes> user(Mailbox address) {
        for (String name : new String[] {address.localPart() + "@" + address.domain(),
                address.localPart() + "@" + address.domain().toLowerCase(Locale.ROOT), address.localPart()}) {
            try {
                return Optional.of(store.mailboxes(name));
            } catch (UserNotFoundException e) {
                // try the next spelling
            }
        }
        return Optional.empty();
    }

    /**
     * Stores a message in a recipient's INBOX. Blocks on the store.
     *
     * @param recipient the local recipient
     * @param content   the message, trace fields included
     * @return empty when stored, or why not
     */
    public Optional<DeliveryDiagnosis> deliver(Mailbox recipient, MessageSource content) {
        Optional<UserMailboxes> user = user(recipient);
        if (user.isEmpty()) {
            return Optional.of(DeliveryDiagnosis.local(new EnhancedStatus(5, 1, 1), FailureWords.USER_UNKNOWN,
                    "local delivery"));
        }
        try {
            user.get().open(UserMailboxes.INBOX).append(content, Flags.none(), Instant.now());
            return Optional.empty();
        } catch (QuotaExceededException e) {
            // RFC 3463: X.2.2 mailbox full; permanent here, as the issue asks and Postfix's local does.
            return Optional.of(DeliveryDiagnosis.local(new EnhancedStatus(5, 2, 2), FailureWords.OVER_QUOTA,
                    "local delivery"));
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "local delivery failed, will retry", e);
            return Optional.of(DeliveryDiagnosis.local(new EnhancedStatus(4, 3, 0), "Local mail store temporarily failing",
                    "local delivery"));
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-store module: the mailbox model (users, mailboxes, UIDs, flags, MODSEQ, quotas,
 * change events) with an in-memory and a durable Maildir store. The engine package
 * {@code org.mailwire.store.internal} is not exported.
 */
module org.mailwire.store {
    requires transitive org.mailwire.core;

    exports org.mailwire.store;
    exports org.mailwire.store.memory;
    exports org.mailwire.store.maildir;
}

// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-imap module: IMAP4rev2 and IMAP4rev1 values and codec (RFC 9051, RFC 3501), the sans-IO
 * server session and the embeddable {@code ImapServer}; the client arrives later.
 */
module org.mailwire.imap {
    requires transitive org.mailwire.core;
    requires transitive org.mailwire.store;

    exports org.mailwire.imap.types;
    exports org.mailwire.imap.codec;
    exports org.mailwire.imap.protocol;
    exports org.mailwire.imap.server;
}

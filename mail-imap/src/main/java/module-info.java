// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-imap module: IMAP4rev2 and IMAP4rev1 values and codec (RFC 9051, RFC 3501), the sans-IO
 * server and client sessions ({@code imap.protocol}), the embeddable {@code ImapServer} and the
 * asynchronous {@code ImapClient}.
 */
module org.mailwire.imap {
    requires transitive org.mailwire.core;
    requires transitive org.mailwire.store;

    exports org.mailwire.imap.types;
    exports org.mailwire.imap.codec;
    exports org.mailwire.imap.protocol;
    exports org.mailwire.imap.server;
    exports org.mailwire.imap.client;
}

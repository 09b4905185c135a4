// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-imap module: IMAP4rev2 and IMAP4rev1 values and codec (RFC 9051, RFC 3501). The
 * client session ({@code imap.protocol}) and the asynchronous client ({@code imap.client}).
 */
module org.mailwire.imap {
    requires transitive org.mailwire.core;

    exports org.mailwire.imap.types;
    exports org.mailwire.imap.codec;
    exports org.mailwire.imap.protocol;
    exports org.mailwire.imap.client;
}

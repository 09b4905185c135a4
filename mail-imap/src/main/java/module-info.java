// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-imap module: IMAP4rev2 and IMAP4rev1 values and codec (RFC 9051, RFC 3501). The
 * protocol sessions, server and client arrive with later steps.
 */
module org.mailwire.imap {
    requires transitive org.mailwire.core;
    requires org.mailwire.store;

    exports org.mailwire.imap.types;
    exports org.mailwire.imap.codec;
}

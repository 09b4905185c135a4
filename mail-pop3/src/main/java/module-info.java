// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-pop3 module: the POP3 codec (RFC 1939, RFC 2449), the sans-IO server session and the
 * embeddable {@link org.mailwire.pop3.server.Pop3Server} over the NIO transport and the mail store,
 * and the sans-IO client session.
 */
module org.mailwire.pop3 {
    requires transitive org.mailwire.core;
    requires transitive org.mailwire.store;

    exports org.mailwire.pop3.codec;
    exports org.mailwire.pop3.protocol;
    exports org.mailwire.pop3.server;
    exports org.mailwire.pop3.client;
}

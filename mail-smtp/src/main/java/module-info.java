// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-smtp module: SMTP, ESMTP and LMTP. The codec, the sans-IO server and client sessions,
 * the embeddable server and the client.
 */
module org.mailwire.smtp {
    requires transitive org.mailwire.core;
    requires transitive org.mailwire.store;
    requires transitive org.mailwire.dns;

    exports org.mailwire.smtp.client;
    exports org.mailwire.smtp.codec;
    exports org.mailwire.smtp.protocol;
    exports org.mailwire.smtp.server;
    exports org.mailwire.smtp.delivery;
}

// SPDX-License-Identifier: Apache-2.0
/**
 * The protocol core every mailwire module stands on: byte scanning, line framing and
 * dot-stuffing codecs, the sans-IO session contract, SASL mechanisms, the NIO transport
 * with TLS, and streaming RFC 5322 / MIME parsing and building.
 */
module org.mailwire.core {
    exports org.mailwire.core;
    exports org.mailwire.core.codec;
    exports org.mailwire.core.io;
    exports org.mailwire.core.protocol;
    exports org.mailwire.core.net;
    exports org.mailwire.core.sasl;
    exports org.mailwire.core.mime;
}

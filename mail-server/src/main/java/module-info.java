// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-server module: a complete mail system in one process and its command line.
 */
module org.mailwire.server {
    requires org.mailwire.smtp;
    requires org.mailwire.pop3;
    requires org.mailwire.imap;

    exports org.mailwire.server;
    // The self-signed certificate maker, shared with the test kit until it moves to core.net.
    exports org.mailwire.server.internal to org.mailwire.testkit;
}

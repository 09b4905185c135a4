// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-smtp module: SMTP, ESMTP and LMTP. The codec comes first; the session, server and
 * client packages arrive with the rest of the module's issue.
 */
module org.mailwire.smtp {
    requires transitive org.mailwire.core;

    exports org.mailwire.smtp.codec;
}

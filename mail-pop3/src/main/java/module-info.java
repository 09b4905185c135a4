// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-pop3 module. Its packages arrive with the issue that builds them; until then it
 * exports nothing.
 */
module org.mailwire.pop3 {
    requires transitive org.mailwire.core;
}

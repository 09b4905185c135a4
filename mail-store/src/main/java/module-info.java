// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-store module. Its packages arrive with the issue that builds them; until then it
 * exports nothing.
 */
module org.mailwire.store {
    requires transitive org.mailwire.core;
}

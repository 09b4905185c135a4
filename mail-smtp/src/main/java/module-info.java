// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-smtp module. Its packages arrive with the issue that builds them; until then it
 * exports nothing.
 */
module org.mailwire.smtp {
    requires transitive org.mailwire.core;
}

// SPDX-License-Identifier: Apache-2.0
/**
 * Test equipment: a loopback DNS server ({@link org.mailwire.dns.testing.TestDnsServer}) and an
 * authoritative responder over a list of records ({@link org.mailwire.dns.testing.ZoneResponder}),
 * so that code which resolves MX and address records (RFC 5321 §5.1) is tested without the
 * internet. It lives in main code, not a test jar, because mail-testkit publishes it to users and
 * the mail-dns, mail-smtp and mail-server tests use the same one (they cannot depend on the
 * testkit, which depends on them). Never use it in production.
 */
package org.mailwire.dns.testing;

// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-testkit module, for users' tests (add it with test scope): the JUnit 5 extension with
 * embedded SMTP, POP3, IMAP and DNS servers ({@code org.mailwire.testkit}), jqwik arbitraries for
 * protocol values ({@code org.mailwire.testkit.arbitraries}) and RFC conformance suites runnable
 * against any server ({@code org.mailwire.testkit.conformance}).
 */
module org.mailwire.testkit {
    requires transitive org.mailwire.smtp;
    requires transitive org.mailwire.pop3;
    requires transitive org.mailwire.imap;
    requires org.mailwire.server;
    requires transitive org.junit.jupiter.api;
    requires transitive net.jqwik.api;

    exports org.mailwire.testkit;
    exports org.mailwire.testkit.arbitraries;
    exports org.mailwire.testkit.conformance;

    // JUnit instantiates the extension reflectively.
    opens org.mailwire.testkit to org.junit.platform.commons;
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class AddressListTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                // RFC 5322 Appendix A.1.2
                Arguments.of("\"Joe Q. Public\" <john.q.public@example.com>",
                        List.of(Mailbox.of("Joe Q. Public", "john.q.public", "example.com"))),
                Arguments.of("Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>",
                        List.of(Mailbox.of("Mary Smith", "mary", "x.test"), Mailbox.of("jdoe", "example.org"),
                                Mailbox.of("Who?", "one", "y.test"))),
                Arguments.of("<boss@nil.test>, \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>",
                        List.of(Mailbox.of("boss", "nil.test"),
                                Mailbox.of("Giant; \"Big\" Box", "sysservices", "example.net"))),
                // RFC 5322 Appendix A.1.3
                Arguments.of("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;",
                        List.of(new Group("A Group", List.of(Mailbox.of("Ed Jones", "c", "a.test"),
                                Mailbox.of("joe", "where.test"), Mailbox.of("John", "jdoe", "one.test"))))),
                Arguments.of("Undisclosed recipients:;", List.of(new Group("Undisclosed recipients", List.of()))),
                // RFC 5322 Appendix A.5, comments and white space
                Arguments.of("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>",
                        List.of(Mailbox.of("Pete", "pete", "silly.test"))),
                Arguments.of("A Group(Some people)\r\n     :Chris Jones <c@(Chris's host.)public.example>,\r\n"
                        + "         joe@example.org,\r\n  John <jdoe@one.test> (my dear friend); (the end of the group)",
                        List.of(new Group("A Group", List.of(Mailbox.of("Chris Jones", "c", "public.example"),
                                Mailbox.of("joe", "example.org"), Mailbox.of("John", "jdoe", "one.test"))))),
                Arguments.of("(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;",
                        List.of(new Group("Hidden recipients", List.of()))),
                // RFC 5322 Appendix A.6.1, obsolete route and empty elements, CFWS around dots
                Arguments.of("Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example",
                        List.of(Mailbox.of("Mary Smith", "mary", "example.net"), Mailbox.of("jdoe", "test.example"))),
                Arguments.of("John Doe <jdoe@machine(comment).  example>",
                        List.of(Mailbox.of("John Doe", "jdoe", "machine.example"))),
                // old style: the comment names the mailbox
                Arguments.of("jdoe@example.org (John Doe)", List.of(Mailbox.of("John Doe", "jdoe", "example.org"))),
                Arguments.of("\"a b\"@example.org", List.of(Mailbox.of("a b", "example.org"))),
                Arguments.of("user@[192.0.2.1]", List.of(Mailbox.of("user", "[192.0.2.1]"))),
                Arguments.of("postmaster", List.of(Mailbox.of("postmaster", ""))),
                Arguments.of("=?UTF-8?Q?J=C3=BCrgen?= <j@x.de>", List.of(Mailbox.of("=?UTF-8?Q?J=C3=BCrgen?=", "j", "x.de"))),
                Arguments.of("Jürgen <jürgen@bücher.de>", List.of(Mailbox.of("Jürgen", "jürgen", "bücher.de"))),
                Arguments.of("", List.of()),
                Arguments.of(",,,", List.of()));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parsesAddressForms(String value, List<Address> expected) {
        AddressList list = AddressList.parse(value);
        assertEquals(expected, list.addresses());
        assertEquals(false, list.truncated());
    }

    static Stream<String> hostile() {
        return Stream.of("<<<<<<<<", "\"unclosed", "(unclosed comment", "a@", "@", "<@", "<a@b", ":;:;:;", ">>>",
                "\\", "a:b:c:d;", "[", "a@[unclosed", "((((((((((((((((((((x", "\"\\", "<@a,@b");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void malformedValuesGiveSomeAnswerWithoutThrowing(String value) {
        AddressList list = AddressList.parse(value);
        assertTrue(list.addresses().size() <= 4);
    }

    @Test
    void decodesEncodedDisplayName() {
        Mailbox mailbox = (Mailbox) AddressList.parse("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>")
                .addresses().get(0);
        assertEquals(Optional.of("Keld Jørn Simonsen"), mailbox.decodedDisplayName());
    }

    @Test
    void deeplyNestedCommentsCostNoStack() {
        String value = "(".repeat(100_000) + "x" + ")".repeat(100_000) + " a@b";
        Mailbox mailbox = (Mailbox) AddressList.parse(value).addresses().get(0);
        assertEquals("a@b", mailbox.address());
        // The comment's text keeps its nested comments (RFC 5322 §3.2.2 ccontent).
        assertEquals(199_999, mailbox.displayName().orElseThrow().length());
    }

    @Test
    void stopsAtTheAddressLimit() {
        AddressList list = AddressList.parse("g: a@x, b@x; c@x", 3);
        assertEquals(List.of(new Group("g", List.of(Mailbox.of("a", "x"), Mailbox.of("b", "x")))), list.addresses());
        assertTrue(list.truncated());
        list = AddressList.parse("a:;b:;c:;", 2);
        assertEquals(List.of(new Group("a", List.of()), new Group("b", List.of())), list.addresses());
        assertTrue(list.truncated());
    }

    @Test
    void formatsAddressesQuotingLocalParts() {
        assertEquals("\"a b\"@example.org", Mailbox.of("a b", "example.org").address());
        assertEquals("\"a..b\"@x", Mailbox.of("a..b", "x").address());
        assertEquals("first.last@x", Mailbox.of("first.last", "x").address());
    }
}

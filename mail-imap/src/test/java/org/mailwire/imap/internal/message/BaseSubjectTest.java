// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5256 §2.1 base subject extraction, rule by rule. */
class BaseSubjectTest {

    @ParameterizedTest(name = "[{0}] -> [{1}] reply={2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "hello world | hello world | false",
        // (1) whitespace collapsed, encoded words decoded
        "\"  hello \t  world  \" | hello world | false",
        "=?UTF-8?Q?R=C3=A9sum=C3=A9?= | Résumé | false",
        // (2) trailers
        "hello (fwd) | hello | true",
        "hello (FWD)(fwd)  | hello | true",
        // (3) leaders
        "Re: hello | hello | true",
        "RE:hello | hello | true",
        "Re: Re: Fwd: hello | hello | true",
        "Fw: hello | hello | true",
        "Re [2]: hello | hello | true",
        "Re[3]: hello | hello | true",
        "[PATCH] Re: hello | hello | true",
        // (4) a blob goes only if something is left
        "[list] hello | hello | false",
        "[list] [other] hello | hello | false",
        "[only] | [only] | false",
        "[list] Re: [list] Re: hello | hello | true",
        // (6) [fwd: ...] wrappers, then again from (2)
        "[fwd: hello] | hello | true",
        "[Fwd: Re: hello (fwd)] | hello | true",
        // Not leaders
        "Reply to all | Reply to all | false",
        "Fwdx: hello | Fwdx: hello | false",
        "Re hello | Re hello | false",
        "'' | '' | false"})
    void extractsTheBaseSubject(String subject, String base, boolean reply) {
        String in = subject.equals("''") ? "" : subject;
        String expected = base.equals("''") ? "" : base;
        assertEquals(new BaseSubject(expected, reply), BaseSubject.of(in));
    }
}

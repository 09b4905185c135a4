// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The one-list fast path of {@link MimeParameters#parse} gives what the general RFC 2231 path
 * gives, for any parameter list: repeated names, quoted values, comments, sections, many names.
 */
class MimeParametersProperties {

    private static final List<String> PIECES = List.of("; charset=utf-8", "; Charset=\"ISO-8859-1\"", ";name=a",
            "; name=\"b; c\"", "; NAME=d", " (comment; x=y) ", "; title*=us-ascii'en'a%20b", "; title*0=one",
            "; title*1*=%41", "; title=plain", "; x", ";", "; y=", "; format=flowed", "; delsp=yes",
            "; boundary=\"--==x\"", "; p1=1", "; p2=2", "; p3=3", "; p4=4", "; p5=5", "; p6=6", "; p7=7",
            "; p8=8", "; p9=9", "; p10=10", "; p11=11", "; p12=12", "; p13=13", "; p14=14", "; p15=15",
            "; p16=16", "; p17=17", "; a=\"unclosed");

    @Provide
    Arbitrary<String> parameterLists() {
        return Arbitraries.of(PIECES).list().ofMaxSize(24).map(pieces -> String.join("", pieces));
    }

    @Property(tries = 1000)
    void theFastPathAgreesWithTheGeneralOne(@ForAll("parameterLists") String list) {
        assertEquals(MimeParameters.parseSplit(new MimeTokens(list)), MimeParameters.parse(new MimeTokens(list)), list);
    }
}

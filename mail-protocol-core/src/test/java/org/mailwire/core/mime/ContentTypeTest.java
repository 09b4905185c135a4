// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentTypeTest {

    @Test
    void lowerCasesTypeAndNamesButNotValues() {
        ContentType type = ContentType.parse("Multipart/Mixed; BOUNDARY=\"AbC\" (comment)").orElseThrow();
        assertEquals(ContentType.of("multipart", "mixed", new MimeParameter("boundary", "AbC")), type);
    }

    @Test
    void rfc2231ContinuationsAreJoined() {
        ContentType type = ContentType.parse("message/external-body; access-type=URL;\r\n"
                + " URL*0=\"ftp://\";\r\n URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"").orElseThrow();
        assertEquals(Optional.of("ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"), type.parameter("url"));
        assertEquals(Optional.of("URL"), type.parameter("access-type"));
    }

    @Test
    void rfc2231CharsetAndLanguageAreDecoded() {
        ContentType type = ContentType.parse("application/x-stuff;\r\n"
                + " title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A").orElseThrow();
        assertEquals(Optional.of("This is ***fun***"), type.parameter("title"));
    }

    @Test
    void rfc2231MixedSectionsAreJoinedInOrder() {
        ContentType type = ContentType.parse("application/x-stuff;\r\n"
                + " title*1*=%2A%2A%2Afun%2A%2A%2A%20;\r\n"
                + " title*0*=us-ascii'en'This%20is%20even%20more%20;\r\n"
                + " title*2=\"isn't it!\"").orElseThrow();
        assertEquals(List.of(new MimeParameter("title", "This is even more ***fun*** isn't it!")), type.parameters());
    }

    @Test
    void rfc2231Utf8AndLatin1() {
        assertEquals(Optional.of("€.txt"), ContentDisposition.parse("attachment; filename*=UTF-8''%E2%82%AC.txt")
                .orElseThrow().parameter("filename"));
        assertEquals(Optional.of("ü.txt"), ContentDisposition.parse("attachment; filename*=iso-8859-1'de'%FC.txt")
                .orElseThrow().parameter("filename"));
    }

    @Test
    void extendedValueWinsOverPlainOne() {
        ContentDisposition disposition = ContentDisposition.parse(
                "attachment; filename=\"fallback.txt\"; filename*=utf-8''real.txt").orElseThrow();
        assertEquals(List.of(new MimeParameter("filename", "real.txt")), disposition.parameters());
    }

    @Test
    void continuationWithAGapEndsAtTheGap() {
        assertEquals(Optional.of("ab"), ContentType.parse("a/b; n*0=a; n*1=b; n*3=d").orElseThrow().parameter("n"));
    }

    @Test
    void sloppyUnquotedValuesRunToTheSemicolon() {
        ContentType type = ContentType.parse("text/plain; name=my file.txt; charset=utf-8").orElseThrow();
        assertEquals(Optional.of("my file.txt"), type.parameter("name"));
        assertEquals(Optional.of("utf-8"), type.parameter("charset"));
    }

    @Test
    void missingSubtypeIsNoType() {
        assertEquals(Optional.empty(), ContentType.parse("text"));
        assertEquals(Optional.empty(), ContentType.parse("/plain"));
        assertEquals(Optional.empty(), ContentType.parse(""));
    }

    @Test
    void unreadableTypeFallsBackToTextPlainInTheParser() {
        ParsedMessage parsed = MimeParser.parse(MimeCorpus.crlf("Content-Type: garbage", "", "x"));
        assertEquals(ContentType.textPlainDefault(), parsed.body().contentType());
    }
}

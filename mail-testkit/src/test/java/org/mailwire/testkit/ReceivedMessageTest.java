// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReceivedMessageTest {

    private static ReceivedMessage of(String text) {
        return new ReceivedMessage("u@example.test", 1, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void foldedHeaderFieldsAreUnfolded() {
        ReceivedMessage m = of("Subject: a long\r\n\tsubject\r\nTo: x@example.test\r\n\r\nbody\r\n");
        assertEquals(Optional.of("a long\tsubject"), m.header("subject"));
        assertEquals("body\r\n", m.body());
    }

    @Test
    void repeatedFieldsAreListedInOrder() {
        ReceivedMessage m = of("Received: one\r\nReceived: two\r\n  more\r\nSubject: s\r\n\r\n");
        assertEquals(List.of("one", "two  more"), m.headers("Received"));
    }

    @Test
    void aMessageWithoutBodyHasAnEmptyBody() {
        assertEquals("", of("Subject: s\r\n").body());
        assertEquals(Optional.empty(), of("Subject: s\r\n").header("From"));
    }
}

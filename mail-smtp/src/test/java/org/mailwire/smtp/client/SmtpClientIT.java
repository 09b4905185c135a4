// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mailwire.smtp.server.SmtpServer;

/** The client against our own server over loopback. */
class SmtpClientIT {

    static final byte[] MESSAGE = ("From: a@example.test\r\nTo: b@example.test\r\nSubject: hi\r\n\r\n"
            + "Hello\r\n.leading dot\r\n").getBytes(StandardCharsets.US_ASCII);

    static SmtpServer.Builder server(RecordingHandler handler) {
        return SmtpServer.builder().listen("127.0.0.1", 0).hostName("example.test").handler(handler);
    }

    static SmtpClient.Builder plainClient() {
        return SmtpClient.builder().heloName("client.example.test").tlsMode(TlsMode.NONE);
    }

    @Test
    void deliversOneMessageInPlaintext() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).start()) {
            SmtpTransaction tx = SmtpTransaction.builder().from("a@example.test").to("b@example.test")
                    .content(MESSAGE).build();
            SmtpTransactionResult result = plainClient().build()
                    .submit(server.address(), "localhost", tx).join();
            assertEquals(250, result.data().code());
            assertEquals(1, handler.messages.size());
            assertArrayEquals(MESSAGE, handler.messages.get(0).content());
            assertTrue(result.data().text().contains("queued as Q1"));
        }
    }
}

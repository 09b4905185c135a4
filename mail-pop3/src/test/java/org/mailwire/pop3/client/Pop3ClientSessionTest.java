// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.mailwire.core.Secret;
import org.mailwire.core.protocol.Step;
import org.mailwire.pop3.codec.Pop3Command;
import org.mailwire.pop3.protocol.Pop3SessionSettings;
import org.mailwire.pop3.protocol.StoreDriver;

/** The client session against the server session and a fake server, with no sockets. */
class Pop3ClientSessionTest {

    private static final String DOTTED = "Subject: dots\r\n\r\n.x\r\n.\r\n..\r\nend\r\n";

    /** Runs the client until it needs input, collecting its events and what it writes. */
    private static final class Client {
        final Pop3ClientSession session = new Pop3ClientSession();
        final List<Pop3ClientEvent> events = new ArrayList<>();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int upgrades;
        boolean closed;

        void pump() {
            while (!closed) {
                Step<Pop3ClientEvent> step = session.next();
                if (step instanceof Step.Write<Pop3ClientEvent> w) {
                    ByteBuffer b = w.bytes();
                    byte[] copy = new byte[b.remaining()];
                    b.get(copy);
                    written.writeBytes(copy);
                } else if (step instanceof Step.Event<Pop3ClientEvent> e) {
                    events.add(e.event());
                    if (e.event() instanceof Pop3ClientEvent.Body chunk) {
                        byte[] copy = new byte[chunk.chunk().remaining()];
                        chunk.chunk().get(copy);
                        body.writeBytes(copy);
                    }
                } else if (step instanceof Step.UpgradeTls<Pop3ClientEvent>) {
                    upgrades++;
                } else if (step instanceof Step.Close<Pop3ClientEvent>) {
                    closed = true;
                } else {
                    return;
                }
            }
        }

        void receive(String text) {
            session.receive(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            pump();
        }

        String takeWritten() {
            String s = written.toString(StandardCharsets.UTF_8);
            written.reset();
            return s;
        }
    }

    /** Exchanges bytes between the client and the server session until both are quiet. */
    private static void converse(Client client, StoreDriver server) {
        for (int i = 0; i < 100; i++) {
            String fromServer = server.output();
            if (!fromServer.isEmpty()) {
                client.receive(fromServer);
            }
            client.pump();
            String fromClient = client.takeWritten();
            if (fromClient.isEmpty() && fromServer.isEmpty()) {
                return;
            }
            if (!fromClient.isEmpty() && !server.closed) {
                server.send(fromClient);
            }
        }
    }

    @Test
    void downloadsAndDeletesAgainstTheServerSession() {
        StoreDriver server = new StoreDriver(7);
        server.withUser("u", "p", DOTTED, "Subject: 2\r\n\r\nsecond\r\n");
        server.start(Pop3SessionSettings.defaults().withAllowPlaintextWithoutTls(true));
        Client client = new Client();
        client.session.send(new Pop3Command.User("u"));
        client.session.send(new Pop3Command.Pass(Secret.of("p")));
        client.session.send(new Pop3Command.Uidl(OptionalInt.empty()));
        client.session.send(new Pop3Command.Retr(1));
        client.session.send(new Pop3Command.Dele(1));
        client.session.send(new Pop3Command.Quit());
        converse(client, server);
        assertInstanceOf(Pop3ClientEvent.Greeting.class, client.events.get(0));
        List<String> statuses = new ArrayList<>();
        for (Pop3ClientEvent e : client.events) {
            if (e instanceof Pop3ClientEvent.Response r) {
                statuses.add(r.command().getClass().getSimpleName() + " " + r.response());
            }
        }
        assertEquals(List.of("User +OK send PASS", "Pass +OK maildrop has 2 messages (55 octets)",
                "Uidl +OK unique-id listing follows", "Retr +OK 33 octets", "Dele +OK message 1 deleted",
                "Quit +OK POP3 server signing off (1 message left)"), statuses);
        String bodies = client.body.toString(StandardCharsets.UTF_8);
        assertTrue(bodies.endsWith(DOTTED), bodies);
        assertTrue(client.closed);
        assertEquals(1, server.count("u"));
    }

    @Test
    void tls03ResponsesInjectedAfterStlsOkAreDropped() {
        Client client = new Client();
        client.receive("+OK ready\r\n");
        client.session.send(new Pop3Command.Stls());
        assertThrows(IllegalStateException.class, () -> client.session.send(new Pop3Command.Capa()));
        client.pump();
        assertEquals("STLS\r\n", client.takeWritten());
        client.receive("+OK\r\n+OK fake\r\n");
        assertEquals(1, client.upgrades);
        // Inside TLS the client asks again, and only the real answer is read.
        client.session.send(new Pop3Command.Capa());
        client.pump();
        assertEquals("CAPA\r\n", client.takeWritten());
        client.receive("+OK caps\r\nUSER\r\n.\r\n");
        assertArrayEquals("USER\r\n".getBytes(StandardCharsets.US_ASCII), client.body.toByteArray());
        long responses = client.events.stream().filter(e -> e instanceof Pop3ClientEvent.Response).count();
        assertEquals(2, responses);
        assertTrue(client.events.stream().noneMatch(e -> e instanceof Pop3ClientEvent.ProtocolError));
    }

    @Test
    void unsolicitedResponseIsAProtocolError() {
        Client client = new Client();
        client.receive("+OK ready\r\n+OK surprise\r\n");
        assertInstanceOf(Pop3ClientEvent.ProtocolError.class, client.events.get(1));
        assertTrue(client.closed);
    }

    @Test
    void malformedStatusLineIsAProtocolError() {
        Client client = new Client();
        client.receive("HELLO\r\n");
        assertInstanceOf(Pop3ClientEvent.ProtocolError.class, client.events.get(0));
        assertTrue(client.closed);
    }

    @Test
    void authChallengesAreAnsweredByTheApplication() {
        Client client = new Client();
        client.receive("+OK ready\r\n");
        client.session.send(new Pop3Command.Auth(java.util.Optional.of("PLAIN"), java.util.Optional.empty()));
        client.pump();
        assertEquals("AUTH PLAIN\r\n", client.takeWritten());
        client.receive("+ \r\n");
        assertEquals(new Pop3ClientEvent.Challenge(""), client.events.get(1));
        client.session.sendSaslResponse("AHUAcA==");
        client.pump();
        assertEquals("AHUAcA==\r\n", client.takeWritten());
        client.receive("+OK logged in\r\n");
        assertInstanceOf(Pop3ClientEvent.Response.class, client.events.get(2));
        assertTrue(client.session.isIdle());
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.mailwire.core.Secret;
import org.mailwire.core.protocol.Step;
import org.mailwire.core.sasl.AuthenticationResult;
import org.mailwire.core.sasl.SaslFailureReason;
import org.mailwire.core.sasl.SaslServer;
import org.mailwire.core.sasl.SaslServerSettings;
import org.mailwire.core.sasl.SaslServerStep;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.MessageSource;

/**
 * Drives {@link ImapServerSession}s over one in-memory store with no sockets: store work and
 * credential checks are answered synchronously, change events wait in each session's own task
 * queue (as they would on its event loop) and run before the session is next pumped.
 */
final class ImapDriver {

    final MailStore store;
    private final Map<String, Client> clients = new HashMap<>();

    ImapDriver() {
        this(MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1)));
    }

    ImapDriver(MailStore store) {
        this.store = store;
    }

    void user(String name, String password) throws Exception {
        store.createUser(name, Secret.of(password));
    }

    long append(String user, String mailbox, String message, Flags flags, Instant date) throws Exception {
        return store.mailboxes(user).open(mailbox)
                .append(MessageSource.of(message.getBytes(StandardCharsets.UTF_8)), flags, date).uid();
    }

    /** Settings for a cleartext connection with SASL from the store and plaintext allowed (tests). */
    ImapSessionSettings plaintextSettings() {
        return ImapSessionSettings.of(store).withAllowPlaintextWithoutTls(true).withSasl(SaslServer.of(
                store.authenticator(), SaslServerSettings.defaults("localhost").withAllowPlaintextWithoutTls(true)));
    }

    /** Opens a session named {@code name}; its greeting is waiting in {@link #output(String)}. */
    Client open(String name, ImapSessionSettings settings) {
        Client c = new Client(settings);
        clients.put(name, c);
        c.pump();
        return c;
    }

    Client client(String name) {
        return clients.get(name);
    }

    /** Pumps every session, so that IDLE pushes and finished work show up. */
    void pumpAll() {
        boolean again = true;
        while (again) {
            again = false;
            for (Client c : clients.values()) {
                again |= c.pump();
            }
        }
    }

    String output(String name) {
        return clients.get(name).take();
    }

    /** One session and what it wrote. */
    static final class Client {
        final ImapServerSession session;
        final ArrayDeque<Runnable> loop = new ArrayDeque<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean closed;
        int tlsUpgrades;

        Client(ImapSessionSettings settings) {
            this.session = new ImapServerSession(settings, loop::add);
        }

        void send(String text) {
            send(text.getBytes(StandardCharsets.UTF_8));
        }

        void send(byte[] bytes) {
            if (closed) {
                return;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            session.receive(in);
            pump();
            if (in.hasRemaining() && !closed) {
                throw new AssertionError("session left input unread while waiting for input");
            }
        }

        void eof() {
            session.receiveEof();
            pump();
        }

        /** Runs queued loop tasks and steps the session until it needs input; true if anything happened. */
        boolean pump() {
            boolean any = false;
            while (!closed) {
                Runnable task = loop.poll();
                if (task != null) {
                    task.run();
                    any = true;
                    continue;
                }
                Step<ImapEvent> step = session.next();
                if (step instanceof Step.Write<ImapEvent> w) {
                    ByteBuffer b = w.bytes();
                    byte[] copy = new byte[b.remaining()];
                    b.get(copy);
                    out.writeBytes(copy);
                    any = true;
                } else if (step instanceof Step.Event<ImapEvent> e) {
                    answer(e.event());
                    any = true;
                } else if (step instanceof Step.UpgradeTls<ImapEvent>) {
                    tlsUpgrades++;
                } else if (step instanceof Step.Close<ImapEvent>) {
                    closed = true;
                } else if (step instanceof Step.AwaitApplication<ImapEvent>) {
                    throw new AssertionError("an event was left unanswered");
                } else {
                    return any;
                }
            }
            return any;
        }

        private void answer(ImapEvent event) {
            if (event instanceof ImapEvent.Blocking b) {
                Object result;
                try {
                    result = b.work().run();
                } catch (Exception e) {
                    session.workFailed(e);
                    return;
                }
                session.workDone(result);
            } else if (event instanceof ImapEvent.CheckPassword p) {
                AuthenticationResult r = session.settings().store().authenticator()
                        .verifyPassword(p.user(), p.password()).toCompletableFuture().join();
                if (r instanceof AuthenticationResult.Authenticated a) {
                    session.loginAccepted(a.authenticationId());
                } else {
                    session.loginRejected(r instanceof AuthenticationResult.Rejected rej ? rej.reason()
                            : SaslFailureReason.TEMPORARY_FAILURE);
                }
            } else if (event instanceof ImapEvent.SaslPending s) {
                SaslServerStep step = s.step().toCompletableFuture().join();
                session.saslStep(step);
            }
        }

        String take() {
            String s = out.toString(StandardCharsets.UTF_8);
            out.reset();
            return s;
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mailwire.core.Secret;
import org.mailwire.core.protocol.Step;
import org.mailwire.core.sasl.SaslServer;
import org.mailwire.core.sasl.SaslServerSettings;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;

/**
 * Drives a {@link SmtpServerSession} with no sockets and answers its events at once, the way a
 * simple application would: local domains {@code example.org} and {@code foo.com}, the local
 * parts {@code unknown} and {@code Green} are no users, messages kept in a list.
 */
final class SessionHarness {

    static final Set<String> LOCAL_DOMAINS = Set.of("example.org", "foo.com", "bar.com");

    final SmtpServerSession session;
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    final List<byte[]> messages = new ArrayList<>();
    final List<SmtpEvent> events = new ArrayList<>();
    int aborted;
    int upgrades;
    boolean closed;
    private ByteArrayOutputStream current;

    SessionHarness(SmtpSessionSettings settings) {
        this.session = new SmtpServerSession(settings);
    }

    /** A SASL server over an in-memory store with user {@code alice@example.org} / {@code secret}. */
    static SaslServer sasl(boolean allowPlaintext) {
        MailStore store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        try {
            store.createUser("alice@example.org", Secret.of("secret"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return SaslServer.of(store.authenticator(),
                SaslServerSettings.defaults("foo.com").withAllowPlaintextWithoutTls(allowPlaintext));
    }

    /** Runs the session until it needs input, then hands it {@code bytes} (if any). */
    void feed(byte[] bytes) {
        pump();
        if (closed) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        session.receive(buffer);
        pump();
        if (!closed && buffer.hasRemaining()) {
            throw new AssertionError("session asked for input before consuming its buffer");
        }
    }

    void feed(String text) {
        feed(text.getBytes(StandardCharsets.UTF_8));
    }

    void eof() {
        pump();
        if (!closed) {
            session.receiveEof();
            pump();
        }
    }

    /** Steps the session until it needs input or closes. */
    void pump() {
        if (closed) {
            return;
        }
        for (int guard = 0; guard < 1_000_000; guard++) {
            Step<SmtpEvent> step = session.next();
            if (step instanceof Step.Write<SmtpEvent> write) {
                ByteBuffer bytes = write.bytes();
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                output.writeBytes(copy);
            } else if (step instanceof Step.Event<SmtpEvent> event) {
                events.add(event.event());
                answer(event.event());
            } else if (step instanceof Step.AwaitApplication) {
                throw new AssertionError("the harness answers every event at once");
            } else if (step instanceof Step.UpgradeTls) {
                upgrades++;
            } else if (step instanceof Step.Close) {
                closed = true;
                return;
            } else {
                return;
            }
        }
        throw new AssertionError("session never asked for input");
    }

    private void answer(SmtpEvent event) {
        if (event instanceof SmtpEvent.MailFrom) {
            session.answer(SmtpReply.SENDER_OK);
        } else if (event instanceof SmtpEvent.RcptTo rcpt) {
            session.answer(recipient(rcpt.recipient(), rcpt.context()));
        } else if (event instanceof SmtpEvent.MessageStart) {
            current = new ByteArrayOutputStream();
            ByteArrayOutputStream target = current;
            session.acceptMessage(chunk -> {
                byte[] b = new byte[chunk.remaining()];
                chunk.get(b);
                target.writeBytes(b);
            });
        } else if (event instanceof SmtpEvent.MessageEnd) {
            messages.add(current.toByteArray());
            current = null;
            session.answer(SmtpReply.of(250, "2.0.0", "Queued"));
        } else if (event instanceof SmtpEvent.MessageAborted) {
            current = null;
            aborted++;
        } else if (event instanceof SmtpEvent.AuthenticationStep auth) {
            session.answerAuthentication(auth.exchange().evaluateResponse(auth.response()).toCompletableFuture().join());
        }
    }

    private static SmtpReply recipient(ForwardPath path, SmtpContext context) {
        if (!(path instanceof Mailbox mailbox)) {
            return SmtpReply.RECIPIENT_OK;
        }
        if (!LOCAL_DOMAINS.contains(mailbox.domain().toLowerCase(Locale.ROOT))) {
            return context.authenticatedAs().isPresent() ? SmtpReply.RECIPIENT_OK : SmtpReply.RELAY_DENIED;
        }
        return mailbox.localPart().equals("unknown") || mailbox.localPart().equals("Green")
                ? SmtpReply.USER_UNKNOWN : SmtpReply.RECIPIENT_OK;
    }

    String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** The replies so far, one string per line without CRLF. */
    List<String> replyLines() {
        String all = output();
        List<String> lines = new ArrayList<>();
        int at = 0;
        for (int end = all.indexOf("\r\n"); end >= 0; end = all.indexOf("\r\n", at)) {
            lines.add(all.substring(at, end));
            at = end + 2;
        }
        return lines;
    }

    /** The reply codes so far: the code of each final reply line. */
    List<Integer> codes() {
        List<Integer> codes = new ArrayList<>();
        for (String line : replyLines()) {
            if (line.length() >= 4 && line.charAt(3) == ' ') {
                codes.add(Integer.parseInt(line.substring(0, 3)));
            } else if (line.length() == 3) {
                codes.add(Integer.parseInt(line));
            }
        }
        return codes;
    }
}

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
 * simple application would: local domains {@code example.org}, {@code foo.com}, {@code bar.com}
 * and {@code foo.edu}, the local parts {@code unknown} and {@code Green} (and any added to
 * {@link #unknownUsers}) are no users, messages kept in a list. In LMTP, recipients whose local part
 * is in {@link #overQuota} get {@code 552 5.2.2} at the end of the message, the others
 * {@code 250 2.1.5}.
 */
final class SessionHarness {

    static final Set<String> LOCAL_DOMAINS = Set.of("example.org", "foo.com", "bar.com", "foo.edu");
    static final SmtpReply DELIVERED = SmtpReply.of(250, "2.1.5", "Delivered");
    static final SmtpReply OVER_QUOTA = SmtpReply.of(552, "5.2.2", "Mailbox full");

    final SmtpServerSession session;
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    final List<byte[]> messages = new ArrayList<>();
    final List<SmtpEvent> events = new ArrayList<>();
    final Set<String> unknownUsers = new java.util.HashSet<>(Set.of("unknown", "Green"));
    final Set<String> overQuota = new java.util.HashSet<>();
    /** The error counts of the error pauses, each ended at once. */
    final List<Integer> pauses = new ArrayList<>();
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
            if (session.context().lmtp()) {
                List<SmtpReply> replies = new ArrayList<>();
                for (ForwardPath path : session.recipients()) {
                    boolean full = path instanceof Mailbox mailbox && overQuota.contains(mailbox.localPart());
                    replies.add(full ? OVER_QUOTA : DELIVERED);
                }
                session.answerEach(replies);
            } else {
                session.answer(SmtpReply.of(250, "2.0.0", "Queued"));
            }
        } else if (event instanceof SmtpEvent.MessageAborted) {
            current = null;
            aborted++;
        } else if (event instanceof SmtpEvent.ErrorPause pause) {
            pauses.add(pause.errors());
            session.resume();
        } else if (event instanceof SmtpEvent.AuthenticationStep auth) {
            session.answerAuthentication(auth.exchange().evaluateResponse(auth.response()).toCompletableFuture().join());
        }
    }

    private SmtpReply recipient(ForwardPath path, SmtpContext context) {
        if (!(path instanceof Mailbox mailbox)) {
            return SmtpReply.RECIPIENT_OK;
        }
        if (!LOCAL_DOMAINS.contains(mailbox.domain().toLowerCase(Locale.ROOT))) {
            return context.authenticatedAs().isPresent() ? SmtpReply.RECIPIENT_OK : SmtpReply.RELAY_DENIED;
        }
        return unknownUsers.contains(mailbox.localPart()) ? SmtpReply.USER_UNKNOWN : SmtpReply.RECIPIENT_OK;
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

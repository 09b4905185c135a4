// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSession;
import org.mailwire.core.net.Connection;
import org.mailwire.core.protocol.Step;
import org.mailwire.smtp.protocol.SmtpClientEvent;
import org.mailwire.smtp.protocol.SmtpClientSession;

/**
 * Drives an {@link SmtpConnection} and its {@link SmtpClientSession} with no sockets: a
 * {@link Connection} whose tasks run at once on the calling thread, whose writes are collected,
 * and whose input is whatever the test feeds. {@code UpgradeTls} just marks it secure. This is
 * how the client's whole behaviour (pipelining decisions, RSET after failures, SIZE checks) is
 * replayed against RFC transcripts.
 */
final class ClientDriver implements Connection {

    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final SmtpClientSession session;
    final SmtpConnection smtp;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private boolean secure;
    private boolean pumping;
    private boolean again;
    private boolean upgrades;

    ClientDriver(SmtpClient client) {
        session = new SmtpClientSession(client.settings().limits());
        smtp = new SmtpConnection(client, this, session, "server.example");
        pump();
    }

    /** Feeds server bytes and runs the session until it needs more. */
    void feed(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        session.receive(in);
        pump();
        if (in.hasRemaining() && !closed.isDone()) {
            throw new AssertionError("session left " + in.remaining() + " octets unread");
        }
    }

    /** Ends the input. */
    void eof() {
        session.receiveEof();
        pump();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    int upgrades() {
        return upgrades ? 1 : 0;
    }

    private void pump() {
        if (pumping) {
            again = true;
            return;
        }
        pumping = true;
        try {
            do {
                again = false;
                while (!closed.isDone()) {
                    Step<SmtpClientEvent> step = session.next();
                    if (step instanceof Step.Write<SmtpClientEvent> w) {
                        ByteBuffer b = w.bytes();
                        byte[] copy = new byte[b.remaining()];
                        b.get(copy);
                        written.writeBytes(copy);
                    } else if (step instanceof Step.Event<SmtpClientEvent> e) {
                        smtp.onEvent(e.event());
                    } else if (step instanceof Step.UpgradeTls<SmtpClientEvent>) {
                        secure = true;
                        upgrades = true;
                    } else if (step instanceof Step.Close<SmtpClientEvent>) {
                        close();
                    } else {
                        break; // NeedInput or AwaitApplication
                    }
                }
            } while (again && !closed.isDone());
        } finally {
            pumping = false;
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("192.0.2.1", 25);
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("192.0.2.2", 40000);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return Optional.empty();
    }

    @Override
    public void execute(Runnable task) {
        if (closed.isDone()) {
            return;
        }
        task.run();
        pump();
    }

    /** Transcripts have no clock: a delayed task runs at once, in order. */
    @Override
    public void schedule(java.time.Duration delay, Runnable task) {
        execute(task);
    }

    @Override
    public <T> CompletableFuture<T> offload(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(work.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    public long queuedOutboundBytes() {
        return 0;
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            closed.complete(null);
            smtp.onClose(null);
        }
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }
}

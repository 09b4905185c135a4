// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** A {@link NioServer} running {@link LineEchoSession}s, for the transport tests. */
final class EchoServer implements AutoCloseable {

    /** How the application answers {@code ASK} events. */
    enum Answers { SYNCHRONOUS, OFFLOADED, SCHEDULED }

    /** How long a {@link Answers#SCHEDULED} answer waits. */
    static final java.time.Duration SCHEDULE_DELAY = java.time.Duration.ofMillis(200);

    final List<LineEchoSession> sessions = new CopyOnWriteArrayList<>();
    final java.util.Map<Connection, LineEchoSession> byConnection = new java.util.concurrent.ConcurrentHashMap<>();
    final List<Throwable> closeCauses = new CopyOnWriteArrayList<>();
    final NioServer server;

    EchoServer(UnaryOperator<NioServer.Builder<String>> configure, Answers answers) throws IOException {
        SessionFactory<String> factory = new SessionFactory<>() {
            @Override
            public org.mailwire.core.protocol.ProtocolSession<String> open(Connection c) {
                LineEchoSession s = new LineEchoSession();
                byConnection.put(c, s);
                sessions.add(s);
                return s;
            }

            @Override
            public ByteBuffer refusal(Refusal refusal) {
                return ByteBuffer.wrap(("BUSY " + refusal + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        };
        EventHandler<String> handler = new EventHandler<>() {
            @Override
            public void onEvent(Connection c, String question) {
                LineEchoSession s = byConnection.get(c);
                if (answers == Answers.SYNCHRONOUS) {
                    s.answer(question.toUpperCase(java.util.Locale.ROOT));
                } else if (answers == Answers.SCHEDULED) {
                    c.schedule(SCHEDULE_DELAY, () -> s.answer(question.toUpperCase(java.util.Locale.ROOT)));
                } else {
                    c.offload(() -> {
                        Thread.sleep(question.length() * 10L); // longer questions take longer
                        return question.toUpperCase(java.util.Locale.ROOT);
                    }).thenAccept(s::answer);
                }
            }

            @Override
            public void onClose(Connection c, Throwable cause) {
                if (cause != null) {
                    closeCauses.add(cause);
                }
            }
        };
        this.server = configure.apply(NioServer.builder(factory, handler)
                .limits(ConnectionLimits.unlimited())).start();
    }

    EchoServer(UnaryOperator<NioServer.Builder<String>> configure) throws IOException {
        this(configure, Answers.SYNCHRONOUS);
    }

    /** The connections in the order their sessions were made. */
    List<Connection> connections() {
        List<Connection> out = new java.util.ArrayList<>();
        for (LineEchoSession s : sessions) {
            out.add(byConnectionOf(s));
        }
        return out;
    }

    Connection byConnectionOf(LineEchoSession session) {
        for (java.util.Map.Entry<Connection, LineEchoSession> e : byConnection.entrySet()) {
            if (e.getValue() == session) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("unknown session");
    }

    boolean connectionsSecure() {
        for (Connection c : byConnection.keySet()) {
            if (!c.isSecure()) {
                return false;
            }
        }
        return !byConnection.isEmpty();
    }

    InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
    }
}

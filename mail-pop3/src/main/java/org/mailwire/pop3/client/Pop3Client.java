// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.mailwire.core.Secret;
import org.mailwire.core.net.Connection;
import org.mailwire.core.net.EventHandler;
import org.mailwire.core.net.NioClient;
import org.mailwire.core.net.TlsSettings;
import org.mailwire.core.net.TransportSettings;
import org.mailwire.pop3.codec.Pop3Command;
import org.mailwire.pop3.codec.Pop3Response;

/**
 * An asynchronous POP3 client over the NIO transport: one connection, commands answered in
 * order, each returning a {@link CompletableFuture} (call {@code join()} to block).
 *
 * <p>Secure by default (RFC 8314, SECURITY-CASES SEC-09): the builder asks for implicit TLS or
 * STLS, the server's certificate and host name are verified by the {@link TlsSettings}, and
 * {@link #login} refuses to send a password on a connection without TLS unless
 * {@link Builder#allowPlaintextLogin()} was called. After STLS the client asks for CAPA again
 * inside TLS and never uses what it learnt before (RFC 2595 §4).
 *
 * <p>Both ways people use POP3 fit: download-and-delete ({@link #retrieve} then {@link #delete}
 * then {@link #quit}, which applies the deletions), and leave-on-server ({@link #uniqueIds()},
 * retrieving only the ids the caller has not seen, then {@link #quit}). Message content is handed
 * to the caller in chunks as it arrives, never held whole.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939">RFC 1939</a>
 */
public final class Pop3Client implements AutoCloseable {

    /**
     * One entry of a LIST or UIDL answer.
     *
     * @param message the message number
     * @param value   the size in octets (LIST) or the unique-id (UIDL)
     */
    public record Entry(int message, String value) {
        /**
         * Checks the value.
         *
         * @param message see the record description
         * @param value   see the record description
         */
        public Entry {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A command in flight, with what to do with its events. */
    private static final class Operation {
        final Pop3Command command;
        final CompletableFuture<Object> result = new CompletableFuture<>();
        final Consumer<ByteBuffer> body;
        final ByteArrayCollector collected;
        Pop3Response response;

        Operation(Pop3Command command, Consumer<ByteBuffer> body, boolean collect) {
            this.command = command;
            this.body = body;
            this.collected = collect ? new ByteArrayCollector() : null;
        }
    }

    /** Collects a small multi-line body (CAPA, LIST, UIDL). */
    private static final class ByteArrayCollector {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    }

    /**
     * The most octets of a LIST, UIDL or CAPA answer kept in memory (SECURITY-CASES G3): about
     * 300,000 UIDL lines, far beyond any real maildrop, yet a hostile server cannot exhaust memory.
     */
    private static final int MAX_COLLECTED = 16 * 1024 * 1024;

    private final Connection connection;
    private final Pop3ClientSession session;
    private final ArrayDeque<Operation> inFlight = new ArrayDeque<>();
    private final boolean allowPlaintextLogin;

    private Pop3Client(Connection connection, Pop3ClientSession session, boolean allowPlaintextLogin) {
        this.connection = connection;
        this.session = session;
        this.allowPlaintextLogin = allowPlaintextLogin;
    }

    /**
     * Returns a builder of a connection.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tells whether TLS protects the connection.
     *
     * @return {@code true} with implicit TLS or after STLS
     */
    public boolean isSecure() {
        return connection.isSecure();
    }

    /**
     * Logs in with USER and PASS (RFC 1939 §7).
     *
     * @param user     the user name
     * @param password the password
     * @return the PASS response; fails with {@link Pop3ErrorException} on {@code -ERR}, or with
     *         {@link IllegalStateException} on a connection without TLS unless allowed
     */
    public CompletableFuture<Pop3Response> login(String user, Secret password) {
        if (!connection.isSecure() && !allowPlaintextLogin) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "refusing to send a password without TLS (RFC 8314)"));
        }
        CompletableFuture<Object> first = submit(new Pop3Command.User(user), null, false);
        CompletableFuture<Object> second = submit(new Pop3Command.Pass(password), null, false);
        return first.thenCombine(second, (a, b) -> (Pop3Response) b);
    }

    /**
     * Asks for the number of messages and their total size (STAT).
     *
     * @return the two numbers as {@code [count, octets]}
     */
    public CompletableFuture<long[]> stat() {
        return submit(new Pop3Command.Stat(), null, false).thenApply(r -> {
            String text = ((Pop3Response) r).text();
            int space = text.indexOf(' ');
            int end = text.indexOf(' ', space + 1);
            try {
                return new long[] {Long.parseLong(text.substring(0, space)),
                    Long.parseLong(text.substring(space + 1, end < 0 ? text.length() : end))};
            } catch (RuntimeException e) {
                throw new IllegalStateException("malformed STAT answer: " + text, e);
            }
        });
    }

    /**
     * Lists the messages and their sizes (LIST).
     *
     * @return the entries, the value being the size in octets
     */
    public CompletableFuture<List<Entry>> list() {
        return submit(new Pop3Command.List(OptionalInt.empty()), null, true).thenApply(Pop3Client::entries);
    }

    /**
     * Lists the unique-ids (UIDL, RFC 1939 §7), for leave-on-server clients that remember the
     * ids they have already fetched.
     *
     * @return the entries, the value being the unique-id
     */
    public CompletableFuture<List<Entry>> uniqueIds() {
        return submit(new Pop3Command.Uidl(OptionalInt.empty()), null, true).thenApply(Pop3Client::entries);
    }

    /**
     * Retrieves a message (RETR), handing its dot-unstuffed content to {@code sink} in chunks on the
     * connection's event loop; the sink must copy what it keeps and must not block.
     *
     * @param message the message number
     * @param sink    receives the content
     * @return the response, completed after the last chunk
     */
    public CompletableFuture<Pop3Response> retrieve(int message, Consumer<ByteBuffer> sink) {
        Objects.requireNonNull(sink, "sink");
        return submit(new Pop3Command.Retr(message), sink, false).thenApply(r -> (Pop3Response) r);
    }

    /**
     * Retrieves the header and the first lines of a message's body (TOP, RFC 1939 §7), handing
     * them to {@code sink} as {@link #retrieve} does.
     *
     * @param message the message number
     * @param lines   the number of body lines
     * @param sink    receives the content
     * @return the response, completed after the last chunk
     */
    public CompletableFuture<Pop3Response> top(int message, int lines, Consumer<ByteBuffer> sink) {
        Objects.requireNonNull(sink, "sink");
        return submit(new Pop3Command.Top(message, lines), sink, false).thenApply(r -> (Pop3Response) r);
    }

    /**
     * Does nothing but keep the session alive (NOOP), under the server's autologout timer.
     *
     * @return the response
     */
    public CompletableFuture<Pop3Response> noop() {
        return submit(new Pop3Command.Noop(), null, false).thenApply(r -> (Pop3Response) r);
    }

    /**
     * Unmarks the messages marked deleted (RSET).
     *
     * @return the response
     */
    public CompletableFuture<Pop3Response> reset() {
        return submit(new Pop3Command.Rset(), null, false).thenApply(r -> (Pop3Response) r);
    }

    /**
     * Marks a message deleted (DELE); it is removed at {@link #quit()}.
     *
     * @param message the message number
     * @return the response
     */
    public CompletableFuture<Pop3Response> delete(int message) {
        return submit(new Pop3Command.Dele(message), null, false).thenApply(r -> (Pop3Response) r);
    }

    /**
     * Ends the session; the server applies the deletions before it answers (RFC 1939 §6).
     *
     * @return the response
     */
    public CompletableFuture<Pop3Response> quit() {
        return submit(new Pop3Command.Quit(), null, false).thenApply(r -> (Pop3Response) r);
    }

    /** Closes the connection without QUIT: the server deletes nothing (RFC 1939 §6). */
    @Override
    public void close() {
        connection.close();
    }

    private CompletableFuture<Object> submit(Pop3Command command, Consumer<ByteBuffer> body, boolean collect) {
        Operation op = new Operation(command, body, collect);
        connection.execute(() -> {
            if (connection.closeFuture().isDone()) {
                op.result.completeExceptionally(new IOException("connection closed"));
                return;
            }
            try {
                session.send(command);
                inFlight.add(op);
            } catch (IllegalStateException e) {
                op.result.completeExceptionally(e);
            }
        });
        return op.result;
    }

    private static List<Entry> entries(Object collected) {
        String text = (String) collected;
        List<Entry> entries = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf("\r\n", at);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(at, end);
            at = end + 2;
            int space = line.indexOf(' ');
            if (space <= 0) {
                throw new IllegalStateException("malformed listing line: " + line);
            }
            entries.add(new Entry(Integer.parseInt(line.substring(0, space)), line.substring(space + 1)));
        }
        return entries;
    }

    /** Runs on the event loop: hands each event to the operation at the head. */
    private void onEvent(Pop3ClientEvent event) {
        if (event instanceof Pop3ClientEvent.Response r) {
            Operation op = inFlight.peek();
            if (op == null) {
                return;
            }
            op.response = r.response();
            if (!r.response().ok()) {
                inFlight.poll();
                op.result.completeExceptionally(new Pop3ErrorException(r.response()));
            } else if (!expectsBody(op)) {
                inFlight.poll();
                op.result.complete(r.response());
            }
        } else if (event instanceof Pop3ClientEvent.Body b) {
            Operation op = inFlight.peek();
            if (op != null && op.body != null) {
                op.body.accept(b.chunk());
            } else if (op != null && op.collected != null) {
                if (op.collected.out.size() + b.chunk().remaining() > MAX_COLLECTED) {
                    failAll(new IOException("multi-line answer longer than " + MAX_COLLECTED + " octets"));
                    connection.close();
                    return;
                }
                byte[] copy = new byte[b.chunk().remaining()];
                b.chunk().get(copy);
                op.collected.out.writeBytes(copy);
            }
        } else if (event instanceof Pop3ClientEvent.BodyEnd) {
            Operation op = inFlight.poll();
            if (op != null) {
                op.result.complete(op.collected != null
                        ? op.collected.out.toString(StandardCharsets.UTF_8) : op.response);
            }
        } else if (event instanceof Pop3ClientEvent.ProtocolError e) {
            failAll(new IOException("POP3 protocol error: " + e.hint()));
        }
    }

    private static boolean expectsBody(Operation op) {
        return op.command instanceof Pop3Command.Retr || op.command instanceof Pop3Command.Top
                || op.command instanceof Pop3Command.Capa
                || op.command instanceof Pop3Command.List l && l.message().isEmpty()
                || op.command instanceof Pop3Command.Uidl u && u.message().isEmpty();
    }

    private void failAll(Throwable cause) {
        Operation op;
        while ((op = inFlight.poll()) != null) {
            op.result.completeExceptionally(cause);
        }
    }

    /** Chooses TLS and opens the connection. */
    public static final class Builder {
        private TlsSettings tls;
        private boolean implicitTls;
        private boolean plaintext;
        private boolean allowPlaintextLogin;
        private TransportSettings transport = TransportSettings.defaults();

        private Builder() {
        }

        /**
         * Speaks TLS from the first byte (RFC 8314 §3.3, port 995).
         *
         * @param value client TLS settings
         * @return this builder
         */
        public Builder implicitTls(TlsSettings value) {
            this.tls = Objects.requireNonNull(value, "tls");
            this.implicitTls = true;
            this.plaintext = false;
            return this;
        }

        /**
         * Requires STLS after the greeting (RFC 2595 §4, port 110); fails if the server refuses.
         *
         * @param value client TLS settings
         * @return this builder
         */
        public Builder startTls(TlsSettings value) {
            this.tls = Objects.requireNonNull(value, "tls");
            this.implicitTls = false;
            this.plaintext = false;
            return this;
        }

        /**
         * Uses no TLS at all: only for tests and trusted networks.
         *
         * @return this builder
         */
        public Builder plaintext() {
            this.tls = null;
            this.plaintext = true;
            return this;
        }

        /**
         * Lets {@link Pop3Client#login} send a password without TLS (off by default, SEC-09).
         *
         * @return this builder
         */
        public Builder allowPlaintextLogin() {
            this.allowPlaintextLogin = true;
            return this;
        }

        /**
         * Sets the transport's buffers and timeouts.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder transport(TransportSettings value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /**
         * Connects, reads the greeting and, with STLS, upgrades and asks for CAPA inside TLS.
         *
         * @param address    the server's address
         * @param serverName the name the certificate must carry
         * @return the client once ready for {@link Pop3Client#login}
         */
        public CompletableFuture<Pop3Client> connect(InetSocketAddress address, String serverName) {
            if (tls == null && !plaintext) {
                throw new IllegalStateException("choose implicitTls, startTls or plaintext");
            }
            CompletableFuture<Pop3Client> ready = new CompletableFuture<>();
            Pop3Client[] holder = new Pop3Client[1];
            EventHandler<Pop3ClientEvent> handler = new EventHandler<>() {
                @Override
                public void onEvent(Connection connection, Pop3ClientEvent event) {
                    Pop3Client client = holder[0];
                    if (event instanceof Pop3ClientEvent.Greeting g) {
                        if (!g.response().ok()) {
                            ready.completeExceptionally(new Pop3ErrorException(g.response()));
                            connection.close();
                        } else if (tls != null && !implicitTls) {
                            // RFC 2595 §4: after STLS ask for CAPA again, inside TLS; the client
                            // is ready once that answer is in, which also proves the handshake.
                            client.submit(new Pop3Command.Stls(), null, false)
                                    .thenCompose(r -> client.submit(new Pop3Command.Capa(), null, true))
                                    .whenComplete((r, e) -> {
                                if (e != null) {
                                    ready.completeExceptionally(e);
                                } else {
                                    ready.complete(client);
                                }
                            });
                        } else {
                            ready.complete(client);
                        }
                    } else if (client != null) {
                        client.onEvent(event);
                    }
                }

                @Override
                public void onClose(Connection connection, Throwable cause) {
                    Pop3Client client = holder[0];
                    IOException e = new IOException("connection closed", cause);
                    if (client != null) {
                        client.failAll(e);
                    }
                    ready.completeExceptionally(e);
                }
            };
            NioClient.Builder<Pop3ClientEvent> nio = NioClient.builder(connection -> {
                Pop3ClientSession session = new Pop3ClientSession();
                holder[0] = new Pop3Client(connection, session, allowPlaintextLogin);
                return session;
            }, handler).settings(transport);
            if (tls != null) {
                nio = implicitTls ? nio.implicitTls(tls) : nio.startTls(tls);
            }
            nio.connect(address, serverName).whenComplete((c, e) -> {
                if (e != null) {
                    ready.completeExceptionally(e);
                }
            });
            return ready;
        }
    }
}

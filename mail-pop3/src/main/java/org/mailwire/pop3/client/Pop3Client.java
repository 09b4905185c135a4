// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.SaslClient;
import org.mailwire.core.sasl.SaslClientSettings;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.core.sasl.SaslException;
import org.mailwire.core.net.Connection;
import org.mailwire.core.net.EventHandler;
import org.mailwire.core.net.NioClient;
import org.mailwire.core.net.TlsSettings;
import org.mailwire.core.net.TransportSettings;
import org.mailwire.pop3.codec.Pop3Command;
import org.mailwire.pop3.codec.Pop3CommandDecoder;
import org.mailwire.pop3.codec.Pop3Response;
import org.mailwire.pop3.server.Pop3Server;

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
        /** The SASL exchange of an AUTH, answering its challenges. */
        SaslClient sasl;
        /** An initial response too long for the AUTH line, sent for the first (empty) challenge. */
        byte[] deferredInitial;
        /** The first exception the caller's sink threw; the body is still read to its end. */
        RuntimeException sinkFailure;

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
    private final SaslClientSettings saslSettings;
    /** Written on the event loop before the connect future completes, read after. */
    private volatile Pop3Capabilities capabilities = Pop3Capabilities.UNKNOWN;
    private volatile Optional<String> apopTimestamp = Optional.empty();

    private Pop3Client(Connection connection, Pop3ClientSession session, boolean allowPlaintextLogin,
                       SaslClientSettings saslSettings) {
        this.connection = connection;
        this.session = session;
        this.allowPlaintextLogin = allowPlaintextLogin;
        this.saslSettings = saslSettings;
    }

    /**
     * Receives retrieved messages, one after another, for {@link #downloadAndDelete} and
     * {@link #fetchNew}.
     */
    @FunctionalInterface
    public interface MessageSink {
        /**
         * Starts a message; the returned consumer receives its dot-unstuffed content in chunks on
         * the connection's event loop (copy what you keep, do not block).
         *
         * @param message the message number and unique-id (in {@link #downloadAndDelete} from a
         *                server without UIDL, the size from LIST instead)
         * @return the consumer of the content
         */
        Consumer<ByteBuffer> begin(Entry message);

        /**
         * Ends a message once all its content was handed over, before it is marked deleted (in
         * {@link #downloadAndDelete}): the place to make the copy durable. Throwing stops the run
         * and leaves the message on the server.
         *
         * @param message the message number and unique-id
         * @throws IOException if the copy could not be completed
         */
        default void end(Entry message) throws IOException {
        }
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
        Optional<CompletableFuture<Pop3Response>> refused = refuseWithoutTls();
        if (refused.isPresent()) {
            return refused.get();
        }
        CompletableFuture<Object> first = submit(new Pop3Command.User(user), null, false);
        CompletableFuture<Object> second = submit(new Pop3Command.Pass(password), null, false);
        return first.thenCombine(second, (a, b) -> (Pop3Response) b);
    }


    /**
     * Returns the server's capabilities (CAPA, RFC 2449), asked at connect time and, with STLS,
     * asked again inside TLS, the plaintext answer forgotten (RFC 2595 §4).
     *
     * @return the capabilities, {@link Pop3Capabilities#UNKNOWN} if the server has no CAPA
     */
    public Pop3Capabilities capabilities() {
        return capabilities;
    }

    /**
     * Returns the APOP timestamp of the greeting (RFC 1939 §7), if the server sent one.
     *
     * @return the timestamp with its angle brackets
     */
    public Optional<String> apopTimestamp() {
        return apopTimestamp;
    }

    /**
     * Logs in with APOP (RFC 1939 §7): the MD5 digest of the greeting's timestamp and the shared
     * secret. Like every credential it needs TLS unless plaintext login was allowed.
     *
     * @param user   the user name
     * @param secret the shared secret
     * @return the response; fails with {@link Pop3ErrorException} on {@code -ERR}, or with
     *         {@link IllegalStateException} if the greeting had no timestamp
     */
    public CompletableFuture<Pop3Response> apop(String user, Secret secret) {
        Optional<CompletableFuture<Pop3Response>> refused = refuseWithoutTls();
        if (refused.isPresent()) {
            return refused.get();
        }
        if (apopTimestamp.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the greeting has no APOP timestamp"));
        }
        String digest = Pop3Server.apopDigest(apopTimestamp.get(), secret);
        return submit(new Pop3Command.Apop(user, digest), null, false).thenApply(r -> (Pop3Response) r);
    }

    /**
     * Authenticates with SASL (RFC 5034): the strongest mechanism in the server's {@code SASL}
     * capability that fits the credentials ({@link SaslClient#strongest}), with the initial
     * response on the AUTH line when it fits in 255 octets.
     *
     * @param credentials a password or bearer token
     * @return the final {@code +OK}; fails with {@link Pop3ErrorException} on {@code -ERR}, with
     *         {@link SaslException} if the server could not prove itself (SCRAM), or with
     *         {@link IllegalStateException} when no offered mechanism fits
     */
    public CompletableFuture<Pop3Response> authenticate(SaslCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        Optional<CompletableFuture<Pop3Response>> refused = refuseWithoutTls();
        if (refused.isPresent()) {
            return refused.get();
        }
        Collection<String> offered = capabilities.saslMechanisms();
        Optional<SaslClient> chosen = SaslClient.strongest(offered, credentials, saslSettings);
        if (chosen.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "no SASL mechanism offered fits the credentials: " + offered));
        }
        return authenticate(chosen.get());
    }

    /**
     * Runs a given SASL exchange (RFC 5034 §4).
     *
     * @param sasl the exchange, not started
     * @return the final {@code +OK}
     */
    public CompletableFuture<Pop3Response> authenticate(SaslClient sasl) {
        Objects.requireNonNull(sasl, "sasl");
        Optional<CompletableFuture<Pop3Response>> refused = refuseWithoutTls();
        if (refused.isPresent()) {
            return refused.get();
        }
        String mechanism = sasl.mechanismName();
        Optional<byte[]> initial = sasl.initialResponse();
        Optional<String> encoded = initial.map(b -> b.length == 0 ? "=" : Base64.getEncoder().encodeToString(b));
        boolean fits = encoded.isPresent()
                && "AUTH ".length() + mechanism.length() + 1 + encoded.get().length() + 2
                        <= Pop3CommandDecoder.MAX_COMMAND_LENGTH;
        Operation op = new Operation(new Pop3Command.Auth(Optional.of(mechanism),
                fits ? encoded : Optional.empty()), null, false);
        op.sasl = sasl;
        op.deferredInitial = initial.isPresent() && !fits ? initial.get() : null;
        return submit(op).thenApply(r -> (Pop3Response) r);
    }

    /**
     * Logs in the way the server's capabilities suggest: SASL when a mechanism fits, else USER
     * and PASS, else APOP when the greeting has a timestamp.
     *
     * @param user     the user name
     * @param password the password
     * @return the final response
     */
    public CompletableFuture<Pop3Response> authenticate(String user, Secret password) {
        Pop3Capabilities caps = capabilities;
        SaslCredentials credentials = SaslCredentials.password(user, password);
        if (SaslClient.strongest(caps.saslMechanisms(), credentials, saslSettings).isPresent()) {
            return authenticate(credentials);
        }
        if (!caps.known() || caps.has("USER") || apopTimestamp.isEmpty()) {
            return login(user, password);
        }
        return apop(user, password);
    }

    /**
     * Download-and-delete (RFC 1939's original use): retrieves every message into the sink, one
     * after another, and marks each deleted once {@link MessageSink#end} returned. The deletions
     * take effect at {@link #quit()}; closing without QUIT keeps every message on the server.
     *
     * @param sink receives the messages
     * @return the messages retrieved and marked deleted
     */
    public CompletableFuture<List<Entry>> downloadAndDelete(MessageSink sink) {
        return fetch(java.util.Set.of(), sink, true);
    }

    /**
     * Leave-on-server: retrieves only the messages whose unique-id (UIDL) is not in {@code seen},
     * deleting nothing. The caller adds the returned ids to what it remembers.
     *
     * @param seen the unique-ids already fetched
     * @param sink receives the new messages
     * @return the new messages, in order
     */
    public CompletableFuture<List<Entry>> fetchNew(java.util.Set<String> seen, MessageSink sink) {
        return fetch(java.util.Set.copyOf(seen), sink, false);
    }

    private CompletableFuture<List<Entry>> fetch(java.util.Set<String> seen, MessageSink sink, boolean delete) {
        Objects.requireNonNull(sink, "sink");
        CompletableFuture<List<Entry>> listing = delete && !capabilities.has("UIDL")
                ? list() : uniqueIds();
        return listing.thenCompose(entries -> {
            List<Entry> wanted = new ArrayList<>();
            for (Entry e : entries) {
                if (!seen.contains(e.value())) {
                    wanted.add(e);
                }
            }
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (Entry e : wanted) {
                chain = chain.thenCompose(v -> retrieve(e.message(), sink.begin(e)))
                        .thenCompose(r -> {
                            try {
                                sink.end(e);
                            } catch (IOException x) {
                                return CompletableFuture.failedFuture(x);
                            }
                            return delete ? delete(e.message()).thenApply(d -> (Void) null)
                                    : CompletableFuture.completedFuture(null);
                        });
            }
            return chain.thenApply(v -> List.copyOf(wanted));
        });
    }

    private <T> Optional<CompletableFuture<T>> refuseWithoutTls() {
        if (!connection.isSecure() && !allowPlaintextLogin) {
            return Optional.of(CompletableFuture.failedFuture(new Pop3TlsRequiredException(
                    "refusing to send a credential without TLS (RFC 8314)", null)));
        }
        return Optional.empty();
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
        return submit(new Operation(command, body, collect));
    }

    private CompletableFuture<Object> submit(Operation op) {
        connection.execute(() -> {
            if (connection.closeFuture().isDone()) {
                op.result.completeExceptionally(new IOException("connection closed"));
                return;
            }
            try {
                session.send(op.command);
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
            } else if (op.sasl != null) {
                inFlight.poll();
                try {
                    // RFC 5034 §4: +OK carries no additional data; SCRAM's server proof came
                    // as the last challenge, and verifySuccess insists on it.
                    op.sasl.verifySuccess(Optional.empty());
                    op.result.complete(r.response());
                } catch (SaslException | RuntimeException e) {
                    op.result.completeExceptionally(e);
                    failAll(new IOException("server not authenticated", e));
                    connection.close();
                }
            } else if (!expectsBody(op)) {
                inFlight.poll();
                op.result.complete(r.response());
            }
        } else if (event instanceof Pop3ClientEvent.Body b) {
            Operation op = inFlight.peek();
            if (op != null && op.body != null) {
                if (op.sinkFailure == null) {
                    try {
                        op.body.accept(b.chunk());
                    } catch (RuntimeException e) {
                        // The rest of the body is still read so the session stays in step.
                        op.sinkFailure = e;
                    }
                }
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
            if (op != null && op.sinkFailure != null) {
                op.result.completeExceptionally(op.sinkFailure);
            } else if (op != null) {
                op.result.complete(op.collected != null
                        ? op.collected.out.toString(StandardCharsets.UTF_8) : op.response);
            }
        } else if (event instanceof Pop3ClientEvent.Challenge c) {
            answer(inFlight.peek(), c.base64());
        } else if (event instanceof Pop3ClientEvent.ProtocolError e) {
            failAll(new IOException("POP3 protocol error: " + e.hint()));
        }
    }

    /** Answers one AUTH challenge; a SASL failure cancels the exchange with {@code *}. */
    private void answer(Operation op, String base64) {
        if (op == null || op.sasl == null) {
            failAll(new IOException("POP3 protocol error: a challenge to no AUTH"));
            connection.close();
            return;
        }
        try {
            byte[] reply;
            if (op.deferredInitial != null) {
                reply = op.deferredInitial;
                op.deferredInitial = null;
            } else {
                reply = op.sasl.evaluateChallenge(Base64.getDecoder().decode(base64));
            }
            session.sendSaslResponse(Base64.getEncoder().encodeToString(reply));
        } catch (SaslException | IllegalArgumentException e) {
            // RFC 5034 §4: "*" cancels; the server answers -ERR, which the caller then sees.
            session.sendSaslResponse("*");
            op.result.completeExceptionally(e);
        }
    }

    private static boolean expectsBody(Operation op) {
        return op.command instanceof Pop3Command.Retr || op.command instanceof Pop3Command.Top
                || op.command instanceof Pop3Command.Capa
                || op.command instanceof Pop3Command.List l && l.message().isEmpty()
                || op.command instanceof Pop3Command.Uidl u && u.message().isEmpty();
    }

    /** Asks CAPA and keeps the answer; a server without CAPA leaves it unknown. */
    private CompletableFuture<Pop3Capabilities> askCapabilities() {
        return submit(new Pop3Command.Capa(), null, true).handle((r, e) -> {
            if (e != null) {
                if (unwrap(e) instanceof Pop3ErrorException) {
                    capabilities = Pop3Capabilities.UNKNOWN;
                    return Pop3Capabilities.UNKNOWN;
                }
                throw new java.util.concurrent.CompletionException(unwrap(e));
            }
            Pop3Capabilities parsed = Pop3Capabilities.parse((String) r);
            capabilities = parsed;
            return parsed;
        });
    }

    private static Optional<String> timestamp(String greeting) {
        int open = greeting.indexOf('<');
        int close = open < 0 ? -1 : greeting.indexOf('>', open);
        return close < 0 ? Optional.empty() : Optional.of(greeting.substring(open, close + 1));
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
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
        private SaslClientSettings saslSettings = SaslClientSettings.defaults();

        private Builder() {
        }

        /**
         * Sets the SASL client settings (SCRAM iteration bounds and the like).
         *
         * @param value the settings
         * @return this builder
         */
        public Builder sasl(SaslClientSettings value) {
            this.saslSettings = Objects.requireNonNull(value, "sasl");
            return this;
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
                            return;
                        }
                        client.apopTimestamp = timestamp(g.response().text());
                        CompletableFuture<Void> steps;
                        if (tls != null && !implicitTls) {
                            // CAPA first: a server that does not list STLS gets no command in
                            // plaintext beyond it; then STLS, then CAPA again inside TLS
                            // (RFC 2595 §4), the plaintext answer forgotten.
                            steps = client.askCapabilities().thenCompose(plain -> {
                                if (plain.known() && !plain.has("STLS")) {
                                    throw new Pop3TlsRequiredException("the server does not offer STLS", null);
                                }
                                client.capabilities = Pop3Capabilities.UNKNOWN;
                                return client.submit(new Pop3Command.Stls(), null, false).handle((r, e) -> {
                                    if (e != null && unwrap(e) instanceof Pop3ErrorException refused) {
                                        throw new Pop3TlsRequiredException("the server refused STLS",
                                                refused.response());
                                    } else if (e != null) {
                                        throw new java.util.concurrent.CompletionException(unwrap(e));
                                    }
                                    return r;
                                });
                            }).thenCompose(r -> client.askCapabilities()).thenAccept(c -> { });
                        } else {
                            steps = client.askCapabilities().thenAccept(c -> { });
                        }
                        steps.whenComplete((r, e) -> {
                            if (e != null) {
                                ready.completeExceptionally(unwrap(e));
                                connection.close();
                            } else {
                                ready.complete(client);
                            }
                        });
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
                holder[0] = new Pop3Client(connection, session, allowPlaintextLogin, saslSettings);
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

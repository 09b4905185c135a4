// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.mailwire.core.Secret;
import org.mailwire.core.net.Connection;
import org.mailwire.core.net.EventHandler;
import org.mailwire.core.net.NioClient;
import org.mailwire.core.net.TlsSettings;
import org.mailwire.core.net.TransportSettings;
import org.mailwire.core.sasl.SaslClient;
import org.mailwire.core.sasl.SaslClientSettings;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.core.sasl.SaslException;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.Fragment;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapCommandEncoder;
import org.mailwire.imap.codec.ImapLimits;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.codec.ResponseCode;
import org.mailwire.imap.protocol.ImapClientSession;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.Section;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.StoreAction;
import org.mailwire.imap.types.Tag;
import org.mailwire.imap.types.UidValidity;

/**
 * An asynchronous IMAP client over the NIO transport: one connection, every command returning a
 * {@link CompletableFuture} (call {@code join()} to block, or use {@link ImapBlockingClient}).
 * Independent commands are pipelined: each is written at once and the futures complete as the
 * tagged responses arrive (RFC 9051 §5.5).
 *
 * <p>Secure by default (RFC 8314): the builder asks for implicit TLS or STARTTLS, the server's
 * certificate and host name are verified by the {@link TlsSettings}, and no credential leaves
 * without TLS unless {@link Builder#allowPlaintextLogin()} was called. With STARTTLS required the
 * client aborts if the server does not offer it, refuses it, or greets with {@code PREAUTH} on
 * plaintext (SECURITY-CASES TLS-04, TLS-05); after the upgrade it forgets what it learnt and asks
 * CAPABILITY inside TLS, and bytes injected in plaintext are never read (TLS-03). Capabilities
 * follow every CAPABILITY response and {@code [CAPABILITY]} code.
 *
 * <p>Untagged responses go to the command that was the oldest outstanding when they arrived
 * ({@link ImapResult#untagged()}) and to every {@link MailboxListener}. Large bodies are streamed
 * to a caller's sink ({@link #fetchBody}); no response larger than
 * {@link Builder#maxResponseSize(long)} is accepted, and nothing is allocated from an announced
 * literal size (SECURITY-CASES IMAP-14). Listeners and sinks run on the connection's event loop.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051">RFC 9051</a>
 */
public final class ImapClient implements AutoCloseable {

    /** A command in flight. */
    private static final class Operation {
        final ImapCommand command;
        final CompletableFuture<ImapResult> result = new CompletableFuture<>();
        final List<ImapResponse> untagged = new ArrayList<>();
        Consumer<ByteBuffer> sink;
        long streamed;
        SaslClient sasl;
        Runnable onIdling;
        Throwable failure;
        /** What the untagged responses kept for the result weigh, see {@link Builder#maxCommandResult}. */
        long collected;

        Operation(ImapCommand command) {
            this.command = command;
        }
    }

    private static final System.Logger LOG = System.getLogger(ImapClient.class.getName());

    private final Connection connection;
    private final ImapClientSession session;
    private final boolean allowPlaintextLogin;
    private final SaslClientSettings saslSettings;
    private final Duration idleReissue;
    private final long maxCommandResult;
    private final AtomicLong tags = new AtomicLong();
    /** Only touched on the event loop. */
    private final Map<Tag, Operation> inFlight = new LinkedHashMap<>();
    private final List<MailboxListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ImapCapabilities capabilities = ImapCapabilities.NONE;
    private volatile List<String> enabled = List.of();
    private volatile boolean authenticated;
    private volatile ImapResponse.Status bye;

    private ImapClient(Connection connection, ImapClientSession session, Builder builder) {
        this.connection = connection;
        this.session = session;
        this.allowPlaintextLogin = builder.allowPlaintextLogin;
        this.saslSettings = builder.saslSettings;
        this.idleReissue = builder.idleReissue;
        this.maxCommandResult = builder.maxCommandResult;
    }

    /**
     * Returns a builder of a connection.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ state

    /**
     * Returns the capabilities last announced (RFC 9051 §7.2.2).
     *
     * @return the capabilities
     */
    public ImapCapabilities capabilities() {
        return capabilities;
    }

    /**
     * Returns the extensions the server confirmed in an ENABLED response (RFC 5161).
     *
     * @return the names, upper-cased
     */
    public List<String> enabled() {
        return enabled;
    }

    /**
     * Tells whether TLS protects the connection.
     *
     * @return {@code true} with implicit TLS or after STARTTLS
     */
    public boolean isSecure() {
        return connection.isSecure();
    }

    /**
     * Tells whether the connection is authenticated (after LOGIN, AUTHENTICATE or PREAUTH).
     *
     * @return {@code true} once authenticated
     */
    public boolean isAuthenticated() {
        return authenticated;
    }

    /**
     * Adds a listener of mailbox changes.
     *
     * @param listener the listener
     */
    public void addListener(MailboxListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener.
     *
     * @param listener the listener
     */
    public void removeListener(MailboxListener listener) {
        listeners.remove(listener);
    }

    // ------------------------------------------------------------------ any command

    /**
     * Sends any command the codec knows; the typed methods below are built on it.
     *
     * @param command builds the command from the tag the client chose
     * @return its result; fails with {@link ImapCommandException} on NO or BAD, with
     *         {@link ImapProtocolException} if the server misbehaves, or with an
     *         {@link IOException} if the connection ends
     */
    public CompletableFuture<ImapResult> execute(Function<Tag, ImapCommand> command) {
        return submit(new Operation(command.apply(nextTag())), null);
    }

    private Tag nextTag() {
        return Tag.of("M" + tags.incrementAndGet());
    }

    private CompletableFuture<ImapResult> submit(Operation op, ImapClientSession.LiteralSource source) {
        connection.execute(() -> {
            if (connection.closeFuture().isDone()) {
                op.result.completeExceptionally(closed(null));
                return;
            }
            try {
                if (source != null) {
                    session.send((ImapCommand.Append) op.command, source);
                } else {
                    session.send(op.command);
                }
                inFlight.put(op.command.tag(), op);
            } catch (RuntimeException e) {
                op.result.completeExceptionally(e);
            }
        });
        return op.result;
    }

    private IOException closed(Throwable cause) {
        ImapResponse.Status b = bye;
        return new IOException(b != null ? "connection closed by the server: BYE " + b.text() : "connection closed", cause);
    }

    // ------------------------------------------------------------------ authentication

    private <T> Optional<CompletableFuture<T>> refuseWithoutTls() {
        if (!connection.isSecure() && !allowPlaintextLogin) {
            return Optional.of(CompletableFuture.failedFuture(new ImapTlsRequiredException(
                    "refusing to send a credential without TLS (RFC 8314)")));
        }
        return Optional.empty();
    }

    /**
     * Logs in with LOGIN (RFC 9051 §6.2.3); refused without TLS unless allowed, and when the
     * server announces LOGINDISABLED.
     *
     * @param user     the user name
     * @param password the password
     * @return the result; capabilities are refreshed afterwards
     */
    public CompletableFuture<ImapResult> login(String user, Secret password) {
        Optional<CompletableFuture<ImapResult>> refused = refuseWithoutTls();
        if (refused.isPresent()) {
            return refused.get();
        }
        if (capabilities.has("LOGINDISABLED")) {
            return CompletableFuture.failedFuture(new ImapTlsRequiredException("the server announces LOGINDISABLED"));
        }
        String pass = new String(password.chars());
        return afterAuthentication(execute(t -> new ImapCommand.Login(t, user, pass)));
    }

    /**
     * Authenticates with SASL (RFC 9051 §6.2.2): the strongest mechanism among the server's
     * {@code AUTH=} capabilities that fits the credentials, with the initial response on the
     * command line when the server offers SASL-IR (RFC 4959).
     *
     * @param credentials a password or a bearer token
     * @return the result; fails with {@link IllegalStateException} if no offered mechanism fits
     */
    public CompletableFuture<ImapResult> authenticate(SaslCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        List<String> offered = capabilities.authMechanisms();
        Optional<SaslClient> chosen = SaslClient.strongest(offered, credentials, saslSettings);
        if (chosen.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "no SASL mechanism offered fits the credentials: " + offered));
        }
        return authenticate(chosen.get());
    }

    /**
     * Runs a given SASL exchange (RFC 9051 §6.2.2).
     *
     * @param sasl the exchange, not started
     * @return the result
     */
    public CompletableFuture<ImapResult> authenticate(SaslClient sasl) {
        Objects.requireNonNull(sasl, "sasl");
        Optional<CompletableFuture<ImapResult>> refused = refuseWithoutTls();
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<byte[]> initial = capabilities.has("SASL-IR") ? sasl.initialResponse() : Optional.empty();
        // RFC 4959 §3: an empty initial response is sent as "=".
        Optional<String> encoded = initial.map(b -> b.length == 0 ? "=" : Base64.getEncoder().encodeToString(b));
        Operation op = new Operation(new ImapCommand.Authenticate(nextTag(), Atom.of(sasl.mechanismName()), encoded));
        op.sasl = sasl;
        return afterAuthentication(submit(op, null));
    }

    private CompletableFuture<ImapResult> afterAuthentication(CompletableFuture<ImapResult> login) {
        return login.thenCompose(r -> {
            authenticated = true;
            if (r.status().code().flatMap(ResponseCode::capabilities).isPresent()) {
                return CompletableFuture.completedFuture(r);
            }
            // RFC 9051 §6.2.2: capabilities may change with authentication; ask again.
            return capability().thenApply(c -> r);
        });
    }

    /**
     * Asks CAPABILITY (RFC 9051 §6.1.1) and keeps the answer.
     *
     * @return the capabilities
     */
    public CompletableFuture<ImapCapabilities> capability() {
        return execute(ImapCommand.Capability::new).thenApply(r -> capabilities);
    }

    /**
     * Enables extensions (RFC 5161), e.g. {@code QRESYNC}, {@code CONDSTORE}, {@code UTF8=ACCEPT}.
     *
     * @param names the extensions
     * @return those the server enabled
     */
    public CompletableFuture<List<String>> enable(String... names) {
        List<Atom> atoms = new ArrayList<>();
        for (String n : names) {
            atoms.add(Atom.of(n));
        }
        return execute(t -> new ImapCommand.Enable(t, atoms)).thenApply(r -> {
            List<String> now = new ArrayList<>(enabled);
            for (ImapResponse.Enabled e : r.all(ImapResponse.Enabled.class)) {
                for (Atom a : e.capabilities()) {
                    now.add(a.value().toUpperCase(java.util.Locale.ROOT));
                }
            }
            enabled = List.copyOf(now);
            if (now.contains("UTF8=ACCEPT") || now.contains("IMAP4REV2")) {
                connection.execute(session::useUtf8);
            }
            return enabled;
        });
    }

    // ------------------------------------------------------------------ mailboxes

    /**
     * Selects a mailbox read-write (RFC 9051 §6.3.2).
     *
     * @param mailbox the mailbox
     * @return what the server reported
     */
    public CompletableFuture<SelectedMailbox> select(MailboxName mailbox) {
        return select(mailbox, ImapCommand.SelectParameters.NONE, false);
    }

    /**
     * Selects a mailbox read-only (RFC 9051 §6.3.3).
     *
     * @param mailbox the mailbox
     * @return what the server reported
     */
    public CompletableFuture<SelectedMailbox> examine(MailboxName mailbox) {
        return select(mailbox, ImapCommand.SelectParameters.NONE, true);
    }

    /**
     * Selects or examines with CONDSTORE or QRESYNC parameters (RFC 7162 §3.1.8, §3.2.5).
     *
     * @param mailbox    the mailbox
     * @param parameters the parameters
     * @param readOnly   {@code true} for EXAMINE
     * @return what the server reported
     */
    public CompletableFuture<SelectedMailbox> select(MailboxName mailbox, ImapCommand.SelectParameters parameters,
                                                     boolean readOnly) {
        return execute(t -> readOnly ? new ImapCommand.Examine(t, mailbox, parameters)
                : new ImapCommand.Select(t, mailbox, parameters)).thenApply(r -> SelectedMailbox.of(mailbox, r));
    }

    /**
     * Lists mailboxes (RFC 9051 §6.3.9).
     *
     * @param reference the reference name, usually empty
     * @param pattern   the pattern, e.g. {@code *}
     * @return the mailboxes
     */
    public CompletableFuture<List<ImapResponse.ListMailbox>> list(String reference, String pattern) {
        return execute(t -> new ImapCommand.ListMailboxes(t, List.of(), reference, List.of(pattern), List.of()))
                .thenApply(r -> r.all(ImapResponse.ListMailbox.class));
    }

    /**
     * Asks the status of a mailbox that need not be selected (RFC 9051 §6.3.11).
     *
     * @param mailbox the mailbox
     * @param items   the items, e.g. MESSAGES, UIDNEXT
     * @return the status
     */
    public CompletableFuture<ImapResponse.MailboxStatus> status(MailboxName mailbox, ImapCommand.StatusItem... items) {
        return execute(t -> new ImapCommand.Status(t, mailbox, List.of(items))).thenApply(r -> {
            List<ImapResponse.MailboxStatus> s = r.all(ImapResponse.MailboxStatus.class);
            if (s.isEmpty()) {
                throw new CompletionException(new ImapProtocolException(ImapClientSession.Event.Kind.MALFORMED,
                        "STATUS completed without a STATUS response"));
            }
            return s.get(0);
        });
    }

    /**
     * Creates a mailbox (RFC 9051 §6.3.4).
     *
     * @param mailbox the mailbox
     * @return the result
     */
    public CompletableFuture<ImapResult> create(MailboxName mailbox) {
        return execute(t -> new ImapCommand.Create(t, mailbox, List.of()));
    }

    /**
     * Deletes a mailbox (RFC 9051 §6.3.5).
     *
     * @param mailbox the mailbox
     * @return the result
     */
    public CompletableFuture<ImapResult> delete(MailboxName mailbox) {
        return execute(t -> new ImapCommand.Delete(t, mailbox));
    }

    /**
     * Renames a mailbox (RFC 9051 §6.3.6).
     *
     * @param from the old name
     * @param to   the new name
     * @return the result
     */
    public CompletableFuture<ImapResult> rename(MailboxName from, MailboxName to) {
        return execute(t -> new ImapCommand.Rename(t, from, to));
    }

    // ------------------------------------------------------------------ messages

    /**
     * Fetches data items (RFC 9051 §6.4.5); bodies larger than the in-memory literal threshold
     * need {@link #fetchBody}.
     *
     * @param uid   {@code true} for UID FETCH
     * @param set   the messages
     * @param items the items
     * @return the FETCH responses, in order
     */
    public CompletableFuture<List<ImapResponse.Fetch>> fetch(boolean uid, SequenceSet set, FetchItem... items) {
        return execute(t -> new ImapCommand.Fetch(t, uid, set, new ImapCommand.FetchItemList(List.of(items)),
                Optional.empty(), false)).thenApply(r -> r.all(ImapResponse.Fetch.class));
    }

    /**
     * Streams one message's body section to a sink, whatever its size up to
     * {@link Builder#maxResponseSize(long)}, without holding it: {@code UID FETCH uid
     * (BODY.PEEK[section])} (RFC 9051 §6.4.5).
     *
     * @param uid     the message's UID
     * @param section the section, {@link Section#ALL} for the whole message
     * @param sink    receives the octets in order on the event loop (copy what you keep)
     * @return the number of octets delivered
     */
    public CompletableFuture<Long> fetchBody(long uid, Section section, Consumer<ByteBuffer> sink) {
        return streamed(uid, new FetchItem.BodySection(section, Optional.empty(), true), sink);
    }

    /**
     * Streams one message part decoded from its transfer encoding: {@code UID FETCH uid
     * (BINARY.PEEK[part])} (RFC 3516 §4.2).
     *
     * @param uid  the message's UID
     * @param part the part number, empty for the whole message
     * @param sink receives the octets
     * @return the number of octets delivered
     */
    public CompletableFuture<Long> fetchBinary(long uid, List<Long> part, Consumer<ByteBuffer> sink) {
        return streamed(uid, new FetchItem.Binary(part, Optional.empty(), true), sink);
    }

    private CompletableFuture<Long> streamed(long uid, FetchItem item, Consumer<ByteBuffer> sink) {
        Objects.requireNonNull(sink, "sink");
        Operation op = new Operation(new ImapCommand.Fetch(nextTag(), true, SequenceSet.Ranges.range(uid, uid),
                new ImapCommand.FetchItemList(List.of(item)), Optional.empty(), false));
        op.sink = sink;
        return submit(op, null).thenApply(r -> op.streamed);
    }

    /**
     * Changes flags (RFC 9051 §6.4.6).
     *
     * @param uid    {@code true} for UID STORE
     * @param set    the messages
     * @param action what to do to the flags
     * @return the FETCH responses that report the new flags (none with {@code .SILENT})
     */
    public CompletableFuture<List<ImapResponse.Fetch>> store(boolean uid, SequenceSet set, StoreAction action) {
        return execute(t -> new ImapCommand.Store(t, uid, set, Optional.empty(), action))
                .thenApply(r -> r.all(ImapResponse.Fetch.class));
    }

    /**
     * Searches (RFC 9051 §6.4.4).
     *
     * @param uid  {@code true} for UID SEARCH
     * @param keys the keys, ANDed
     * @return the numbers or UIDs found
     */
    public CompletableFuture<List<Long>> search(boolean uid, SearchKey... keys) {
        return execute(t -> new ImapCommand.Search(t, uid, Optional.empty(), Optional.empty(), List.of(keys)))
                .thenApply(r -> {
                    List<Long> found = new ArrayList<>();
                    for (ImapResponse.Search s : r.all(ImapResponse.Search.class)) {
                        found.addAll(s.numbers());
                    }
                    for (ImapResponse.Esearch e : r.all(ImapResponse.Esearch.class)) {
                        e.all().ifPresent(set -> {
                            if (set instanceof SequenceSet.Ranges ranges) {
                                ranges.numbers(SequenceSet.MAX_NUMBER).forEachRemaining((long n) -> found.add(n));
                            }
                        });
                    }
                    return found;
                });
    }

    /**
     * Copies messages (RFC 9051 §6.4.7).
     *
     * @param uid     {@code true} for UID COPY
     * @param set     the messages
     * @param mailbox the target
     * @return the result ({@code [COPYUID]} with UIDPLUS)
     */
    public CompletableFuture<ImapResult> copy(boolean uid, SequenceSet set, MailboxName mailbox) {
        return execute(t -> new ImapCommand.Copy(t, uid, set, mailbox));
    }

    /**
     * Moves messages (RFC 6851, RFC 9051 §6.4.8).
     *
     * @param uid     {@code true} for UID MOVE
     * @param set     the messages
     * @param mailbox the target
     * @return the result
     */
    public CompletableFuture<ImapResult> move(boolean uid, SequenceSet set, MailboxName mailbox) {
        return execute(t -> new ImapCommand.Move(t, uid, set, mailbox));
    }

    /**
     * Expunges the messages marked {@code \Deleted} (RFC 9051 §6.4.3).
     *
     * @return the result (EXPUNGE or VANISHED responses)
     */
    public CompletableFuture<ImapResult> expunge() {
        return execute(ImapCommand.Expunge::new);
    }

    /**
     * Expunges only the given UIDs among those marked {@code \Deleted} (RFC 4315 §2.1).
     *
     * @param uids the UIDs
     * @return the result
     */
    public CompletableFuture<ImapResult> uidExpunge(SequenceSet uids) {
        return execute(t -> new ImapCommand.UidExpunge(t, uids));
    }

    /**
     * Appends a message held in memory (RFC 9051 §6.3.12), as a non-synchronising literal when
     * the server offers LITERAL+ (or LITERAL- and it fits), else after the continuation request.
     *
     * @param mailbox the mailbox
     * @param flags   the flags to set
     * @param message the message, CRLF line endings
     * @return the {@code [APPENDUID]} code's values, when the server has UIDPLUS
     */
    public CompletableFuture<Optional<ResponseCode.AppendUid>> append(MailboxName mailbox, List<Flag> flags,
                                                                      byte[] message) {
        boolean sync = synchronizing(message.length);
        return execute(t -> new ImapCommand.Append(t, mailbox, flags, Optional.empty(),
                Fragment.Literal.of(message, sync, false)))
                .thenApply(r -> r.status().code().flatMap(ResponseCode::appendUid));
    }

    /**
     * Appends a message read from a file as it is written, never whole in memory.
     *
     * @param mailbox the mailbox
     * @param flags   the flags
     * @param file    the message, CRLF line endings
     * @return the {@code [APPENDUID]} values, if any
     * @throws UncheckedIOException if the file cannot be opened
     */
    public CompletableFuture<Optional<ResponseCode.AppendUid>> append(MailboxName mailbox, List<Flag> flags, Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            long size = channel.size();
            return append(mailbox, flags, size, buffer -> channel.read(buffer))
                    .whenComplete((r, e) -> closeQuietly(channel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends a message read from a stream of known size, as it is written. The stream is read
     * on the event loop: it must be a file or memory stream, not a socket.
     *
     * @param mailbox the mailbox
     * @param flags   the flags
     * @param message the message, CRLF line endings
     * @param size    its exact size in octets
     * @return the {@code [APPENDUID]} values, if any
     */
    public CompletableFuture<Optional<ResponseCode.AppendUid>> append(MailboxName mailbox, List<Flag> flags,
                                                                      InputStream message, long size) {
        return append(mailbox, flags, size, buffer -> {
            int n = message.read(buffer.array(), buffer.position(), buffer.remaining());
            if (n > 0) {
                buffer.position(buffer.position() + n);
            }
            return n;
        });
    }

    /** Reads into a buffer, like {@link java.nio.channels.ReadableByteChannel#read}. */
    @FunctionalInterface
    private interface Reader {
        int read(ByteBuffer buffer) throws IOException;
    }

    private CompletableFuture<Optional<ResponseCode.AppendUid>> append(MailboxName mailbox, List<Flag> flags,
                                                                       long size, Reader reader) {
        boolean sync = synchronizing(size);
        ImapCommand.Append command = new ImapCommand.Append(nextTag(), mailbox, flags, Optional.empty(),
                new Fragment.StreamedLiteral(size, sync, false));
        long[] remaining = {size};
        ImapClientSession.LiteralSource source = new ImapClientSession.LiteralSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public ByteBuffer next() {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(64 * 1024, remaining[0]));
                try {
                    while (buffer.hasRemaining()) {
                        if (reader.read(buffer) < 0) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                remaining[0] -= buffer.position();
                return buffer.flip();
            }
        };
        return submit(new Operation(command), source).thenApply(r -> r.status().code().flatMap(ResponseCode::appendUid));
    }

    private boolean synchronizing(long size) {
        return !(capabilities.has("LITERAL+")
                || (capabilities.has("LITERAL-") || capabilities.has("IMAP4rev2")) && size <= ImapLimits.LITERAL_MINUS_CAP);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "closing an APPEND source failed", e);
        }
    }

    /**
     * Does nothing, but lets the server report changes (RFC 9051 §6.1.2).
     *
     * @return the result
     */
    public CompletableFuture<ImapResult> noop() {
        return execute(ImapCommand.Noop::new);
    }

    /**
     * Ends the session (RFC 9051 §6.1.3); the connection closes after the tagged OK.
     *
     * @return the result
     */
    public CompletableFuture<ImapResult> logout() {
        return execute(ImapCommand.Logout::new);
    }

    /** Closes the connection without LOGOUT. */
    @Override
    public void close() {
        connection.close();
    }

    // ------------------------------------------------------------------ IDLE

    /**
     * Starts IDLE (RFC 2177, RFC 9051 §6.3.13): the listener receives the mailbox changes as the
     * server pushes them, and the client re-issues IDLE every {@link Builder#idleReissue} (29
     * minutes by default, under the servers' 30-minute inactivity timer) until
     * {@link ImapIdle#done()}. Send nothing else meanwhile: other commands wait for the end.
     *
     * @param listener receives the changes
     * @return the handle, once the server accepted IDLE
     */
    public CompletableFuture<ImapIdle> idle(MailboxListener listener) {
        ImapIdle idle = new ImapIdle(this, listener);
        addListener(listener);
        idle.issue();
        return idle.started().thenApply(v -> idle);
    }

    /** Sends one IDLE; {@code idling} runs when the server accepted it. */
    CompletableFuture<ImapResult> sendIdle(Runnable idling) {
        Operation op = new Operation(new ImapCommand.Idle(nextTag()));
        op.onIdling = idling;
        return submit(op, null);
    }

    /** Ends the IDLE under way with DONE; call on the event loop. */
    void sendDone() {
        session.done();
    }

    /** Runs a task on the event loop. */
    void runOnLoop(Runnable task) {
        connection.execute(task);
    }

    /** Runs a task after a delay, on the event loop. */
    void schedule(Duration delay, Runnable task) {
        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS)
                .execute(() -> connection.execute(task));
    }

    Duration idleReissue() {
        return idleReissue;
    }

    // ------------------------------------------------------------------ synchronisation

    /**
     * Brings a caller's copy of a mailbox up to date and leaves the mailbox selected: with
     * QRESYNC in one SELECT (RFC 7162 §3.2.5, enabled here if announced), with CONDSTORE by a
     * FETCH CHANGEDSINCE and a UID listing (RFC 7162 §3.1), and otherwise by comparing every
     * UID and its flags (RFC 4549 §4.3). A changed UIDVALIDITY makes every known UID vanish.
     *
     * @param mailbox the mailbox
     * @param last    what the caller last saw
     * @return the changes and the state to keep
     */
    public CompletableFuture<SyncResult> synchronize(MailboxName mailbox, SyncState last) {
        Objects.requireNonNull(last, "last");
        if (capabilities.has("QRESYNC") && last.uidValidity() > 0 && last.highestModSeq() > 0) {
            CompletableFuture<List<String>> on = enabled.contains("QRESYNC")
                    ? CompletableFuture.completedFuture(enabled) : enable("QRESYNC");
            return on.thenCompose(e -> qresync(mailbox, last));
        }
        boolean condStore = capabilities.has("CONDSTORE") || capabilities.has("QRESYNC");
        ImapCommand.SelectParameters parameters = new ImapCommand.SelectParameters(condStore, Optional.empty());
        return select(mailbox, parameters, false).thenCompose(selected -> {
            boolean validitySame = selected.uidValidity() == last.uidValidity();
            if (condStore && validitySame && last.highestModSeq() > 0 && selected.highestModSeq().isPresent()) {
                return condStore(selected, last);
            }
            return compareAll(selected, last, validitySame);
        });
    }

    private CompletableFuture<SyncResult> qresync(MailboxName mailbox, SyncState last) {
        Optional<SequenceSet> known = last.knownUids().isEmpty() ? Optional.empty() : Optional.of(toSet(last.knownUids()));
        ImapCommand.SelectParameters parameters = new ImapCommand.SelectParameters(false, Optional.of(
                new ImapCommand.Qresync(UidValidity.of(last.uidValidity()), last.highestModSeq(), known, Optional.empty())));
        return select(mailbox, parameters, false).thenCompose(selected -> {
            if (selected.uidValidity() != last.uidValidity()) {
                // RFC 7162 §3.2.5.2: QRESYNC is ignored; start over.
                return compareAll(selected, last, false);
            }
            SortedMap<Long, List<Flag>> fresh = new TreeMap<>();
            SortedMap<Long, List<Flag>> changed = new TreeMap<>();
            SortedSet<Long> vanished = new TreeSet<>();
            for (ImapResponse r : selected.result().untagged()) {
                if (r instanceof ImapResponse.Vanished v && v.uids() instanceof SequenceSet.Ranges ranges) {
                    ranges.numbers(SequenceSet.MAX_NUMBER).forEachRemaining((long u) -> {
                        if (last.knownUids().contains(u)) {
                            vanished.add(u);
                        }
                    });
                } else if (r instanceof ImapResponse.Fetch f) {
                    sortFetch(f, last, fresh, changed);
                }
            }
            // Messages added since are not always among the FETCH responses of the SELECT
            // (Dovecot leaves them out): ask for the UIDs above the highest known one.
            long highest = last.knownUids().isEmpty() ? 0 : last.knownUids().last();
            boolean more = selected.exists() > 0
                    && selected.uidNext().orElse(Long.MAX_VALUE) > highest + 1;
            CompletableFuture<List<ImapResponse.Fetch>> added = more
                    ? fetch(true, SequenceSet.of((highest + 1) + ":*"), FetchItem.Simple.UID, FetchItem.Simple.FLAGS)
                    : CompletableFuture.completedFuture(List.of());
            return added.thenApply(fetched -> {
                for (ImapResponse.Fetch f : fetched) {
                    if (uidOf(f).orElse(0) > highest) {
                        sortFetch(f, last, fresh, changed);
                    }
                }
                return result(SyncResult.Method.QRESYNC, false, fresh, changed, vanished, selected, last);
            });
        });
    }

    private CompletableFuture<SyncResult> condStore(SelectedMailbox selected, SyncState last) {
        CompletableFuture<List<ImapResponse.Fetch>> changes = execute(t -> new ImapCommand.Fetch(t, true,
                SequenceSet.of("1:*"), new ImapCommand.FetchItemList(List.of(FetchItem.Simple.UID, FetchItem.Simple.FLAGS)),
                Optional.of(last.highestModSeq()), false)).thenApply(r -> r.all(ImapResponse.Fetch.class));
        CompletableFuture<List<Long>> uids = selected.exists() == 0
                ? CompletableFuture.completedFuture(List.of()) : search(true, SearchKey.Simple.ALL);
        return changes.thenCombine(uids, (fetched, all) -> {
            SortedMap<Long, List<Flag>> fresh = new TreeMap<>();
            SortedMap<Long, List<Flag>> changed = new TreeMap<>();
            for (ImapResponse.Fetch f : fetched) {
                sortFetch(f, last, fresh, changed);
            }
            TreeSet<Long> present = new TreeSet<>(all);
            SortedSet<Long> vanished = new TreeSet<>();
            for (long u : last.knownUids()) {
                if (!present.contains(u)) {
                    vanished.add(u);
                }
            }
            for (long u : present) {
                if (!last.knownUids().contains(u) && !fresh.containsKey(u)) {
                    fresh.put(u, List.of()); // new but unchanged since: flags unknown until fetched
                }
            }
            return result(SyncResult.Method.CONDSTORE, false, fresh, changed, vanished, selected, last);
        });
    }

    private CompletableFuture<SyncResult> compareAll(SelectedMailbox selected, SyncState last, boolean validitySame) {
        CompletableFuture<List<ImapResponse.Fetch>> all = selected.exists() == 0
                ? CompletableFuture.completedFuture(List.of())
                : fetch(true, SequenceSet.of("1:*"), FetchItem.Simple.UID, FetchItem.Simple.FLAGS);
        SyncState base = validitySame ? last : SyncState.EMPTY;
        return all.thenApply(fetched -> {
            SortedMap<Long, List<Flag>> fresh = new TreeMap<>();
            SortedMap<Long, List<Flag>> changed = new TreeMap<>();
            TreeSet<Long> present = new TreeSet<>();
            for (ImapResponse.Fetch f : fetched) {
                uidOf(f).ifPresent(present::add);
                sortFetch(f, base, fresh, changed);
            }
            SortedSet<Long> vanished = new TreeSet<>();
            for (long u : last.knownUids()) {
                if (!validitySame || !present.contains(u)) {
                    vanished.add(u);
                }
            }
            return result(SyncResult.Method.FLAGS_COMPARISON, !validitySame && last.uidValidity() != 0, fresh, changed,
                    vanished, selected, last);
        });
    }

    private static void sortFetch(ImapResponse.Fetch f, SyncState last, SortedMap<Long, List<Flag>> fresh,
                                  SortedMap<Long, List<Flag>> changed) {
        OptionalLong uid = uidOf(f);
        if (uid.isEmpty()) {
            return;
        }
        List<Flag> flags = List.of();
        for (FetchData d : f.items()) {
            if (d instanceof FetchData.Flags fl) {
                flags = fl.flags();
            }
        }
        (last.knownUids().contains(uid.getAsLong()) ? changed : fresh).put(uid.getAsLong(), flags);
    }

    private static SyncResult result(SyncResult.Method method, boolean validityChanged, SortedMap<Long, List<Flag>> fresh,
                                     SortedMap<Long, List<Flag>> changed, SortedSet<Long> vanished,
                                     SelectedMailbox selected, SyncState last) {
        TreeSet<Long> now = new TreeSet<>(selected.uidValidity() == last.uidValidity() ? last.knownUids() : List.of());
        now.removeAll(vanished);
        now.addAll(fresh.keySet());
        SyncState next = new SyncState(selected.uidValidity(), selected.highestModSeq().orElse(0), now);
        return new SyncResult(method, validityChanged, fresh, changed, vanished, next);
    }

    private static OptionalLong uidOf(ImapResponse.Fetch f) {
        for (FetchData d : f.items()) {
            if (d instanceof FetchData.Uid u) {
                return OptionalLong.of(u.uid());
            }
        }
        return OptionalLong.empty();
    }

    /** Writes UIDs as a compact sequence set: {@code 1:3,7}. */
    static SequenceSet toSet(SortedSet<Long> uids) {
        StringBuilder sb = new StringBuilder();
        long start = -1;
        long prev = -1;
        for (long u : uids) {
            if (start < 0) {
                start = u;
            } else if (u != prev + 1) {
                appendRange(sb, start, prev);
                start = u;
            }
            prev = u;
        }
        appendRange(sb, start, prev);
        return SequenceSet.of(sb.toString());
    }

    private static void appendRange(StringBuilder sb, long start, long end) {
        if (sb.length() > 0) {
            sb.append(',');
        }
        sb.append(start);
        if (end != start) {
            sb.append(':').append(end);
        }
    }

    // ------------------------------------------------------------------ events (event loop)

    private void onEvent(ImapClientSession.Event event) {
        if (event instanceof ImapClientSession.Event.Untagged u) {
            untagged(u.response());
        } else if (event instanceof ImapClientSession.Event.Completed c) {
            Operation op = inFlight.remove(c.command().tag());
            noteCode(c.status());
            if (op == null) {
                return;
            }
            if (op.failure != null) {
                // Our own reason comes first: a SASL exchange we cancelled (the server's BAD
                // only echoes the "*"), a sink that threw, a result over its bound.
                op.result.completeExceptionally(op.failure);
            } else if (c.status().kind() != ImapResponse.Kind.OK) {
                op.result.completeExceptionally(new ImapCommandException(op.command, c.status()));
            } else if (op.sasl != null && !saslVerified(op)) {
                return;
            } else {
                op.result.complete(new ImapResult(c.status(), op.untagged));
            }
        } else if (event instanceof ImapClientSession.Event.Challenge ch) {
            answer(inFlight.get(ch.command().tag()), ch.base64());
        } else if (event instanceof ImapClientSession.Event.Idling i) {
            Operation op = inFlight.get(i.command().tag());
            if (op != null && op.onIdling != null) {
                op.onIdling.run();
            }
        } else if (event instanceof ImapClientSession.Event.LiteralStart) {
            Operation op = streamingTarget();
            if (op == null) {
                Operation head = head();
                if (head != null && head.failure == null) {
                    head.failure = new IllegalStateException(
                            "a literal larger than the in-memory threshold needs a sink (fetchBody)");
                }
            }
        } else if (event instanceof ImapClientSession.Event.LiteralChunk chunk) {
            Operation op = streamingTarget();
            if (op != null) {
                deliver(op, chunk.chunk());
            }
        } else if (event instanceof ImapClientSession.Event.ProtocolError e) {
            failAll(new ImapProtocolException(e.kind(), e.hint()));
        }
    }

    private boolean saslVerified(Operation op) {
        try {
            op.sasl.verifySuccess(Optional.empty());
            return true;
        } catch (SaslException | RuntimeException e) {
            op.result.completeExceptionally(e);
            failAll(new IOException("server not authenticated", e));
            connection.close();
            return false;
        }
    }

    private Operation head() {
        Iterator<Operation> it = inFlight.values().iterator();
        return it.hasNext() ? it.next() : null;
    }

    private Operation streamingTarget() {
        for (Operation op : inFlight.values()) {
            if (op.sink != null) {
                return op;
            }
        }
        return null;
    }

    private void deliver(Operation op, ByteBuffer chunk) {
        op.streamed += chunk.remaining();
        if (op.failure != null) {
            return;
        }
        try {
            op.sink.accept(chunk);
        } catch (RuntimeException e) {
            // The rest is still read, so the connection stays in step.
            op.failure = e;
        }
    }

    /**
     * Finds the command an untagged response answers. Servers may run pipelined commands at
     * once and interleave their data (Dovecot does), so data is matched to the oldest command
     * that asked for it: a FETCH response by its number or UID and by its items, SEARCH, LIST
     * and STATUS data by the command; everything else belongs to the oldest command.
     */
    private Operation owner(ImapResponse response) {
        for (Operation op : inFlight.values()) {
            if (answers(op.command, response)) {
                return op;
            }
        }
        return head();
    }

    private static boolean answers(ImapCommand command, ImapResponse response) {
        if (response instanceof ImapResponse.Fetch f) {
            boolean flagsOnly = true;
            for (FetchData d : f.items()) {
                flagsOnly &= d instanceof FetchData.Flags || d instanceof FetchData.Uid || d instanceof FetchData.ModSeq;
            }
            if (command instanceof ImapCommand.Fetch c) {
                boolean asksFlags = !(c.items() instanceof ImapCommand.FetchItemList list)
                        || list.items().contains(FetchItem.Simple.FLAGS);
                return (!flagsOnly || asksFlags) && contains(c.uid(), c.set(), f);
            }
            if (command instanceof ImapCommand.Store c) {
                return flagsOnly && contains(c.uid(), c.set(), f);
            }
            return false;
        }
        if (response instanceof ImapResponse.Search || response instanceof ImapResponse.Esearch) {
            return command instanceof ImapCommand.Search;
        }
        if (response instanceof ImapResponse.ListMailbox) {
            return command instanceof ImapCommand.ListMailboxes || command instanceof ImapCommand.Lsub;
        }
        if (response instanceof ImapResponse.MailboxStatus s) {
            return command instanceof ImapCommand.Status c && c.mailbox().equals(s.name());
        }
        return false;
    }

    private static boolean contains(boolean uid, SequenceSet set, ImapResponse.Fetch f) {
        if (!(set instanceof SequenceSet.Ranges ranges)) {
            return true; // $: the saved result, not known here
        }
        if (!uid) {
            return ranges.contains(f.sequenceNumber(), SequenceSet.MAX_NUMBER);
        }
        OptionalLong u = uidOf(f);
        return u.isEmpty() || ranges.contains(u.getAsLong(), SequenceSet.MAX_NUMBER);
    }

    private void untagged(ImapResponse response) {
        Operation op = owner(response);
        if (response instanceof ImapResponse.Fetch f) {
            Operation target = streamingTarget();
            if (target != null) {
                // Small bodies arrive in memory; hand them to the sink all the same.
                for (FetchData d : f.items()) {
                    Optional<Fragment> data = d.content();
                    if (data.isPresent() && data.get() instanceof Fragment.Literal l) {
                        deliver(target, l.asBuffer());
                    } else if (data.isPresent() && data.get() instanceof Fragment.Text t) {
                        deliver(target, t.asBuffer());
                    }
                }
                op = target;
            }
        }
        if (op != null && op.failure == null) {
            op.collected += weight(response);
            if (op.collected > maxCommandResult) {
                // A server that never stops answering must not exhaust memory: the command fails
                // when it completes, and nothing more is kept for it.
                op.failure = new ImapProtocolException(ImapClientSession.Event.Kind.TOO_LARGE,
                        "the answer to one command exceeds " + maxCommandResult + " octets (maxCommandResult)");
                op.untagged.clear();
            } else {
                op.untagged.add(response);
            }
        }
        if (response instanceof ImapResponse.Capability c) {
            capabilities(ImapCapabilities.of(c.capabilities()));
        } else if (response instanceof ImapResponse.Status s) {
            noteCode(s);
            if (s.kind() == ImapResponse.Kind.BYE) {
                bye = s;
                if (!(op != null && op.command instanceof ImapCommand.Logout)) {
                    // RFC 9051 §7.1.5: the server is closing; do not wait for it to do so.
                    connection.close();
                }
            }
        }
        for (MailboxListener l : listeners) {
            try {
                notify(l, response);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a mailbox listener failed", e);
            }
        }
    }

    /** {@value #RESPONSE_WEIGHT} octets per response plus the octets of its in-memory literals. */
    private static long weight(ImapResponse response) {
        long weight = RESPONSE_WEIGHT;
        if (response instanceof ImapResponse.Fetch f) {
            for (FetchData d : f.items()) {
                Optional<Fragment> data = d.content();
                if (data.isPresent() && data.get() instanceof Fragment.Literal l) {
                    weight += l.length();
                }
            }
        }
        return weight;
    }

    /** What each untagged response counts towards {@link Builder#maxCommandResult}. */
    static final int RESPONSE_WEIGHT = 64;

    private static void notify(MailboxListener l, ImapResponse response) {
        if (response instanceof ImapResponse.Exists e) {
            l.exists(e.count());
        } else if (response instanceof ImapResponse.Expunge e) {
            l.expunged(e.sequenceNumber());
        } else if (response instanceof ImapResponse.Vanished v) {
            l.vanished(v.uids(), v.earlier());
        } else if (response instanceof ImapResponse.Fetch f) {
            for (FetchData d : f.items()) {
                if (d instanceof FetchData.Flags flags) {
                    l.flagsChanged(f.sequenceNumber(), uidOf(f), flags.flags());
                }
            }
        } else if (response instanceof ImapResponse.Status s && s.kind() == ImapResponse.Kind.BYE) {
            l.bye(s);
        }
        l.untagged(response);
    }

    private void noteCode(ImapResponse.Status status) {
        status.code().flatMap(ResponseCode::capabilities).ifPresent(c -> capabilities(ImapCapabilities.of(c)));
    }

    /** Keeps new capabilities and follows them in how literals are announced (RFC 7888). */
    private void capabilities(ImapCapabilities c) {
        capabilities = c;
        session.literalMode(c.has("LITERAL+") ? ImapCommandEncoder.LiteralMode.LITERAL_PLUS
                : c.has("LITERAL-") || c.has("IMAP4rev2") ? ImapCommandEncoder.LiteralMode.LITERAL_MINUS
                : ImapCommandEncoder.LiteralMode.SYNCHRONIZING);
    }

    /** Answers one AUTHENTICATE challenge; a SASL failure cancels the exchange with {@code *}. */
    private void answer(Operation op, String base64) {
        if (op == null || op.sasl == null) {
            session.sendAuthenticationResponse("*");
            return;
        }
        try {
            byte[] reply;
            if (!op.sasl.isComplete() && base64.isEmpty() && op.sasl.initialResponse().isPresent()
                    && op.command instanceof ImapCommand.Authenticate a && a.initialResponse().isEmpty()) {
                // No SASL-IR: the initial response goes in answer to the first, empty challenge.
                reply = op.sasl.initialResponse().get();
            } else {
                reply = op.sasl.evaluateChallenge(Base64.getDecoder().decode(base64));
            }
            session.sendAuthenticationResponse(Base64.getEncoder().encodeToString(reply));
        } catch (SaslException | IllegalArgumentException e) {
            // RFC 9051 §6.2.2: "*" cancels; the server answers BAD, and the caller sees this.
            session.sendAuthenticationResponse("*");
            op.failure = e;
        }
    }

    private void failAll(Throwable cause) {
        List<Operation> all = new ArrayList<>(inFlight.values());
        inFlight.clear();
        for (Operation op : all) {
            op.result.completeExceptionally(cause);
        }
    }

    static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    // ------------------------------------------------------------------ builder

    /** Chooses TLS, limits and timeouts, and opens the connection. */
    public static final class Builder {
        private TlsSettings tls;
        private boolean implicitTls;
        private boolean plaintext;
        private boolean allowPlaintextLogin;
        private TransportSettings transport = TransportSettings.defaults().withIdleTimeout(Duration.ofMinutes(31));
        private SaslClientSettings saslSettings = SaslClientSettings.defaults();
        private ImapLimits limits = ImapLimits.defaults();
        private Duration idleReissue = Duration.ofMinutes(29);
        private long maxCommandResult = 64L * 1024 * 1024;

        private Builder() {
        }

        /**
         * Speaks TLS from the first byte (RFC 8314 §3.3, port 993).
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
         * Requires STARTTLS after the greeting (RFC 9051 §6.2.1, port 143); the connection fails
         * if the server does not offer it, refuses it, or greets with PREAUTH on plaintext.
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
         * Lets credentials go out without TLS (off by default, RFC 8314).
         *
         * @return this builder
         */
        public Builder allowPlaintextLogin() {
            this.allowPlaintextLogin = true;
            return this;
        }

        /**
         * Sets the transport's buffers and timeouts. The default idle timeout is 31 minutes,
         * past the 29-minute IDLE re-issue; the command timeout bounds a silent server.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder transport(TransportSettings value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /**
         * Sets the SASL client settings.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder sasl(SaslClientSettings value) {
            this.saslSettings = Objects.requireNonNull(value, "sasl");
            return this;
        }

        /**
         * Sets the response limits: line length, the largest literal, the in-memory threshold.
         *
         * @param value the limits
         * @return this builder
         */
        public Builder limits(ImapLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * Sets the largest literal (message body) accepted in a response: default 50 MiB; a
         * server announcing more fails the connection with {@link ImapProtocolException}
         * (SECURITY-CASES IMAP-14).
         *
         * @param octets the size
         * @return this builder
         */
        public Builder maxResponseSize(long octets) {
            this.limits = limits.withMaxLiteralSizes(limits.maxPreAuthLiteralSize(), octets);
            return this;
        }

        /**
         * Sets the most one command's result may hold in memory: each untagged response counts
         * {@value ImapClient#RESPONSE_WEIGHT} octets plus its in-memory literals. Default 64 MiB;
         * past it the command fails with {@link ImapProtocolException} ({@code TOO_LARGE}) and
         * nothing more is kept, so a server that never stops answering cannot exhaust memory.
         * Listeners still see every response; large bodies belong in {@link ImapClient#fetchBody}.
         *
         * @param octets the bound, at least {@value ImapClient#RESPONSE_WEIGHT}
         * @return this builder
         */
        public Builder maxCommandResult(long octets) {
            if (octets < RESPONSE_WEIGHT) {
                throw new IllegalArgumentException("maxCommandResult must be at least " + RESPONSE_WEIGHT);
            }
            this.maxCommandResult = octets;
            return this;
        }

        /**
         * Sets how often a long IDLE is ended and issued again: default 29 minutes, under the
         * 30-minute inactivity timer of RFC 9051 §5.4.
         *
         * @param value the interval
         * @return this builder
         */
        public Builder idleReissue(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("idleReissue must be positive");
            }
            this.idleReissue = value;
            return this;
        }

        /**
         * Connects, reads the greeting and, with STARTTLS, upgrades and asks CAPABILITY inside
         * TLS.
         *
         * @param address    the server's address
         * @param serverName the name the certificate must carry
         * @return the client once ready to log in (or already authenticated after PREAUTH)
         */
        public CompletableFuture<ImapClient> connect(InetSocketAddress address, String serverName) {
            if (tls == null && !plaintext) {
                throw new IllegalStateException("choose implicitTls, startTls or plaintext");
            }
            CompletableFuture<ImapClient> ready = new CompletableFuture<>();
            ImapClient[] holder = new ImapClient[1];
            boolean startTls = tls != null && !implicitTls;
            EventHandler<ImapClientSession.Event> handler = new EventHandler<>() {
                @Override
                public void onEvent(Connection connection, ImapClientSession.Event event) {
                    ImapClient client = holder[0];
                    if (event instanceof ImapClientSession.Event.Greeting g) {
                        greeted(client, connection, g.status(), startTls, ready);
                    } else if (client != null) {
                        client.onEvent(event);
                        if (event instanceof ImapClientSession.Event.ProtocolError e) {
                            ready.completeExceptionally(new ImapProtocolException(e.kind(), e.hint()));
                        }
                    }
                }

                @Override
                public void onClose(Connection connection, Throwable cause) {
                    ImapClient client = holder[0];
                    IOException e = client != null ? client.closed(cause) : new IOException("connection closed", cause);
                    if (client != null) {
                        client.failAll(e);
                    }
                    ready.completeExceptionally(e);
                }
            };
            NioClient.Builder<ImapClientSession.Event> nio = NioClient.builder(connection -> {
                ImapClientSession session = new ImapClientSession(limits);
                holder[0] = new ImapClient(connection, session, this);
                return session;
            }, handler).settings(transport);
            if (tls != null) {
                nio = implicitTls ? nio.implicitTls(tls) : nio.startTls(tls);
            }
            nio.connect(address, serverName).whenComplete((c, e) -> {
                if (e != null) {
                    ready.completeExceptionally(unwrap(e));
                }
            });
            return ready;
        }

        private static void greeted(ImapClient client, Connection connection, ImapResponse.Status greeting,
                                    boolean startTls, CompletableFuture<ImapClient> ready) {
            if (greeting.kind() == ImapResponse.Kind.BYE) {
                ready.completeExceptionally(new IOException("the server refused the connection: " + greeting.text()));
                connection.close();
                return;
            }
            client.noteCode(greeting);
            if (greeting.kind() == ImapResponse.Kind.PREAUTH) {
                if (startTls && !connection.isSecure()) {
                    // SECURITY-CASES TLS-05: a PREAUTH connection cannot be upgraded (STARTTLS is
                    // only valid before authentication); never send mailbox data over it.
                    ready.completeExceptionally(new ImapTlsRequiredException(
                            "the server greeted with PREAUTH on plaintext; STARTTLS is required"));
                    connection.close();
                    return;
                }
                client.authenticated = true;
            }
            CompletableFuture<ImapCapabilities> steps = client.capabilities.names().isEmpty()
                    ? client.capability() : CompletableFuture.completedFuture(client.capabilities);
            if (startTls) {
                steps = steps.thenCompose(plain -> {
                    if (!plain.has("STARTTLS")) {
                        throw new CompletionException(new ImapTlsRequiredException("the server does not offer STARTTLS"));
                    }
                    return client.execute(ImapCommand.StartTls::new).handle((r, e) -> {
                        if (e != null && unwrap(e) instanceof ImapCommandException refused) {
                            throw new CompletionException(new ImapTlsRequiredException(
                                    "the server refused STARTTLS: " + refused.getMessage()));
                        } else if (e != null) {
                            throw new CompletionException(unwrap(e));
                        }
                        // RFC 9051 §6.2.1: forget what was learnt in plaintext.
                        client.capabilities(ImapCapabilities.NONE);
                        return r;
                    });
                }).thenCompose(r -> client.capability());
            }
            steps.whenComplete((c, e) -> {
                if (e != null) {
                    ready.completeExceptionally(unwrap(e));
                    connection.close();
                } else {
                    ready.complete(client);
                }
            });
        }
    }
}

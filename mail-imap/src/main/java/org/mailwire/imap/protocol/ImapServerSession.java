// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.mailwire.core.Secret;
import org.mailwire.core.protocol.ProtocolSession;
import org.mailwire.core.protocol.Step;
import org.mailwire.core.sasl.SaslFailureReason;
import org.mailwire.core.sasl.SaslMechanism;
import org.mailwire.core.sasl.SaslServer;
import org.mailwire.core.sasl.SaslServerExchange;
import org.mailwire.core.sasl.SaslServerStep;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.Fragment;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapCommandDecoder;
import org.mailwire.imap.codec.ImapFrame;
import org.mailwire.imap.codec.ImapFramer;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.codec.ResponseCode;
import org.mailwire.imap.internal.message.ContentOpener;
import org.mailwire.imap.internal.message.FetchRenderer;
import org.mailwire.imap.internal.message.UnknownCteException;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.PermanentFlag;
import org.mailwire.imap.types.Tag;
import org.mailwire.imap.types.UidValidity;
import org.mailwire.store.InvalidMailboxNameException;
import org.mailwire.store.ListenerRegistration;
import org.mailwire.store.MailStore;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MailboxEvent;
import org.mailwire.store.MailboxExistsException;
import org.mailwire.store.MailboxNotFoundException;
import org.mailwire.store.MailboxStatus;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.MessageNotFoundException;
import org.mailwire.store.QuotaExceededException;
import org.mailwire.store.UserMailboxes;

/**
 * The server side of one IMAP connection as a sans-IO state machine: IMAP4rev2 (RFC 9051) with
 * IMAP4rev1 clients kept working (RFC 3501), and the extensions listed in {@link #capabilities()}.
 *
 * <p>The session does no I/O and never blocks. Store work is composed here and handed to the
 * driver as an {@link ImapEvent.Blocking} to run elsewhere; credentials are checked through
 * {@link ImapEvent.CheckPassword} and {@link ImapEvent.SaslPending}. While an answer is pending
 * the session returns {@link Step.AwaitApplication} and reads nothing, so pipelined commands
 * keep their order.
 *
 * <p><b>Other sessions' changes</b> (RFC 9051 §7, §5.2, §5.5). The selected mailbox's change
 * events reach {@link #mailboxChanged(MailboxEvent)} on the session's thread (through the
 * executor given at construction) and wait in a queue. They are merged into the session's view
 * of the mailbox, and reported as {@code EXISTS}, {@code EXPUNGE} (or {@code VANISHED} under
 * QRESYNC) and {@code FETCH (FLAGS ...)}, only before a command's tagged completion, or at once
 * during IDLE. Expunges are held back after FETCH, STORE and SEARCH (RFC 9051 §7.5.1), so
 * sequence numbers never move under a client mid-command. Merging is idempotent: a change the
 * session already knows (its own STORE or EXPUNGE, a message in its SELECT snapshot) is skipped
 * by UID and mod-sequence.
 *
 * <p>Not thread-safe: one thread drives it and gives the answers.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051">RFC 9051</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7162">RFC 7162 (CONDSTORE, QRESYNC)</a>
 */
public final class ImapServerSession implements ProtocolSession<ImapEvent> {

    /** Messages rendered per store round trip in FETCH of message content. */
    private static final int FETCH_BATCH = 32;
    /** Octets of content rendered per store round trip, so a batch stays small in heap. */
    private static final long FETCH_BATCH_BYTES = 256 * 1024;
    private static final List<Flag> SYSTEM_FLAGS = List.of(Flag.System.ANSWERED, Flag.System.FLAGGED,
            Flag.System.DELETED, Flag.System.SEEN, Flag.System.DRAFT);

    private final ImapSessionSettings settings;
    private final Executor sessionThread;
    private final ImapFramer framer;
    private final ArrayDeque<Step<ImapEvent>> queue = new ArrayDeque<>();
    private ImapCommandDecoder decoder;

    private ImapState state = ImapState.NOT_AUTHENTICATED;
    private ByteBuffer input;
    private boolean eof;
    private boolean finished;
    private boolean secure;
    private boolean compressed;
    private boolean shutdownRequested;
    private int errors;

    // ENABLE (RFC 5161)
    private boolean rev2;
    private boolean utf8Accept;
    private boolean condStore;
    private boolean qresync;

    // Waiting for the application
    private boolean awaiting;
    private Consumer<Object> continuation;
    private Consumer<Throwable> failureHandler;

    // Authentication
    private String user;
    private UserMailboxes mailboxes;
    private Tag authTag;
    private SaslServerExchange exchange;
    private boolean saslReading;
    /** Who logs in once the client acknowledges the server's final SASL message. */
    private String pendingSaslUser;

    // Large APPEND literals of the command being read
    private final List<MessageSpool.Spooled> spools = new ArrayList<>();

    // The selected mailbox
    private Mailbox mailbox;
    private String mailboxName;
    private boolean readOnly;
    private long uidValidity;
    private ListenerRegistration registration;
    private SelectedView view;
    /** The search result variable {@code $} (RFC 9051 §6.4.4.2): UIDs, ascending. */
    private long[] savedResult = NO_SAVED_RESULT;
    private final ArrayDeque<MailboxEvent> pending = new ArrayDeque<>();
    private long selectGeneration;

    // IDLE (RFC 2177, RFC 9051 §6.3.13)
    private Tag idleTag;

    /**
     * Creates a session; its first step is the greeting.
     *
     * @param settings      the server's and connection's settings
     * @param sessionThread runs a task on the thread that drives this session (the transport's
     *                      {@code Connection::execute}); mailbox change events from other
     *                      threads come through it
     */
    public ImapServerSession(ImapSessionSettings settings, Executor sessionThread) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sessionThread = Objects.requireNonNull(sessionThread, "sessionThread");
        this.framer = ImapFramer.forCommands(settings.limits());
        this.decoder = ImapCommandDecoder.of(false, settings.limits(), false);
        this.secure = settings.secure();
        write(ImapResponse.Status.untagged(ImapResponse.Kind.OK, ResponseCode.capability(capabilities()),
                "mailwire IMAP4rev2 server ready"));
    }

    /**
     * Returns the current state.
     *
     * @return the RFC 9051 §3 state
     */
    public ImapState state() {
        return state;
    }

    /**
     * Returns the logged-in user.
     *
     * @return the user, empty before authentication
     */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /**
     * Tells whether the session is in IDLE, where changes are pushed at once.
     *
     * @return {@code true} between {@code IDLE} and {@code DONE}
     */
    public boolean idling() {
        return idleTag != null;
    }

    @Override
    public void receive(ByteBuffer bytes) {
        input = Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public void receiveEof() {
        eof = true;
    }

    /** Says {@code * BYE} and closes at the next command boundary (RFC 9051 §7.1.5). */
    @Override
    public void receiveShutdown() {
        shutdownRequested = true;
    }

    /** Says the autologout {@code * BYE} and closes (RFC 9051 §5.4). */
    @Override
    public void receiveTimeout() {
        if (!finished && state != ImapState.LOGOUT) {
            write(ImapResponse.Status.untagged(ImapResponse.Kind.BYE, null, "Autologout; idle for too long"));
            closeNow();
        }
    }

    /**
     * Tells the session that its connection is gone (closed by the peer, an I/O error, a
     * timeout): it drops its mailbox listener, any streamed FETCH content and spooled APPEND
     * literals. Idempotent; the session produces nothing afterwards.
     */
    public void release() {
        finished = true;
        queue.clear();
        if (fetchJob != null) {
            fetchJob.release();
            fetchJob = null;
        }
        releaseSelection();
        discardSpools();
    }

    // ---------------------------------------------------------------- answers from the driver

    /**
     * Answers {@link ImapEvent.CheckPassword}: the password was right.
     *
     * @param authenticatedUser the user as the store knows it
     * @throws IllegalStateException if no password check is pending
     */
    public void loginAccepted(String authenticatedUser) {
        Objects.requireNonNull(authenticatedUser, "authenticatedUser");
        expectAwaiting();
        awaiting = false;
        Tag tag = authTag;
        authTag = null;
        openUser(tag, authenticatedUser);
    }

    /**
     * Answers {@link ImapEvent.CheckPassword}: the credentials were refused or could not be
     * checked.
     *
     * @param reason why
     * @throws IllegalStateException if no password check is pending
     */
    public void loginRejected(SaslFailureReason reason) {
        Objects.requireNonNull(reason, "reason");
        expectAwaiting();
        awaiting = false;
        Tag tag = authTag;
        authTag = null;
        authenticationFailed(tag, reason);
    }

    /**
     * Answers {@link ImapEvent.SaslPending} with the step the exchange produced.
     *
     * @param step the step
     * @throws IllegalStateException if no SASL step is pending
     */
    public void saslStep(SaslServerStep step) {
        Objects.requireNonNull(step, "step");
        expectAwaiting();
        awaiting = false;
        Tag tag = authTag;
        if (step instanceof SaslServerStep.Challenge c) {
            continuation(Base64.getEncoder().encodeToString(c.challenge()));
            saslReading = true;
        } else if (step instanceof SaslServerStep.Success s) {
            exchange = null;
            authTag = null;
            // RFC 9051 §6.2.2: the server's additional data with success (SCRAM's server-final
            // message) travels as a last challenge; the client answers with an empty line, and
            // only then comes the tagged OK.
            if (s.additionalData().isPresent()) {
                continuation(Base64.getEncoder().encodeToString(s.additionalData().get()));
                saslReading = true;
                pendingSaslUser = s.identity().authorizationId();
                authTag = tag;
            } else {
                openUser(tag, s.identity().authorizationId());
            }
        } else {
            exchange = null;
            authTag = null;
            authenticationFailed(tag, ((SaslServerStep.Failure) step).reason());
        }
    }

    /**
     * Answers {@link ImapEvent.Blocking}: the work returned.
     *
     * @param result what it returned
     * @throws IllegalStateException if no work is pending
     */
    public void workDone(Object result) {
        expectAwaiting();
        awaiting = false;
        Consumer<Object> then = continuation;
        continuation = null;
        failureHandler = null;
        then.accept(result);
    }

    /**
     * Answers {@link ImapEvent.Blocking}: the work threw. Store exceptions become the status
     * responses of the ARCHITECTURE table ({@code NO [OVERQUOTA]}, {@code NO [NONEXISTENT]}...);
     * anything else is {@code NO [SERVERBUG]} with nothing of it on the wire.
     *
     * @param failure what it threw
     * @throws IllegalStateException if no work is pending
     */
    public void workFailed(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        expectAwaiting();
        awaiting = false;
        Consumer<Throwable> handler = failureHandler;
        continuation = null;
        failureHandler = null;
        handler.accept(failure);
    }

    /**
     * Hands the session a change of its selected mailbox. Called on the session's thread (the
     * listener the session registers hops there through the executor given at construction);
     * the change is reported at the next moment RFC 9051 §7 allows.
     *
     * @param event the change
     */
    public void mailboxChanged(MailboxEvent event) {
        pending.add(Objects.requireNonNull(event, "event"));
    }

    private void expectAwaiting() {
        if (!awaiting) {
            throw new IllegalStateException("the session is not waiting for an answer");
        }
    }

    // ---------------------------------------------------------------- the step loop

    @Override
    public Step<ImapEvent> next() {
        while (true) {
            if (finished) {
                return Step.close();
            }
            Step<ImapEvent> step = queue.poll();
            if (step != null) {
                if (step instanceof Step.Close<ImapEvent>) {
                    finished = true;
                    queue.clear();
                    releaseSelection();
                    discardSpools();
                } else if (step instanceof Step.UpgradeTls<ImapEvent>) {
                    secure = true;
                }
                return step;
            }
            if (awaiting) {
                return Step.awaitApplication();
            }
            if (fetchJob != null) {
                fetchJob.step();
                continue;
            }
            if (idleTag != null && !pending.isEmpty()) {
                reportChanges(true);
                continue;
            }
            if (shutdownRequested) {
                write(ImapResponse.Status.untagged(ImapResponse.Kind.BYE, null, "Server shutting down"));
                closeNow();
                continue;
            }
            if (input == null || !input.hasRemaining()) {
                // Drop the transport's buffer now: an idle session must not pin it (IDLE scale).
                input = null;
                if (eof) {
                    finished = true;
                    releaseSelection();
                    discardSpools();
                    return Step.close();
                }
                return framer.midCommand() || saslReading ? Step.needMoreOfCommand() : Step.needInput();
            }
            int before = input.position();
            ImapFrame frame = framer.next(input);
            if (overlongLine) {
                overlongBytes += input.position() - before;
                if (frame instanceof ImapFrame.NeedInput && overlongBytes > OVERLONG_LINE_CAP) {
                    // SECURITY-CASES IMAP-05: a line that never ends is not skipped forever.
                    write(ImapResponse.Status.untagged(ImapResponse.Kind.BYE, null, "Line too long, closing"));
                    closeNow();
                    continue;
                }
                if (!(frame instanceof ImapFrame.NeedInput)) {
                    overlongLine = false;
                }
            }
            if (frame instanceof ImapFrame.LineTooLong) {
                overlongLine = true;
                overlongBytes = 0;
            }
            frame(frame);
        }
    }

    /**
     * Octets of one over-long line the framer may skip before the session gives up and closes
     * (SECURITY-CASES IMAP-05: 100 MiB without CRLF ends in BYE). 1 MiB: large enough that an
     * over-long but finite command (IMAP-04's 200,000 parentheses) is answered BAD and the
     * connection stays usable.
     */
    private static final long OVERLONG_LINE_CAP = 1 << 20;

    // A line past the limit is skipped by the framer; past OVERLONG_LINE_CAP more octets, the session closes.
    private boolean overlongLine;
    private long overlongBytes;

    private void frame(ImapFrame frame) {
        if (frame instanceof ImapFrame.NeedInput) {
            return;
        }
        if (frame instanceof ImapFrame.ContinuationRequired c) {
            if (saslReading || idleTag != null) {
                framer.rejectLiteral();
                write(ImapResponse.Status.untagged(ImapResponse.Kind.BAD, null, "Literal not expected here"));
                countError();
                return;
            }
            framer.acceptLiteral();
            continuation("Ready for literal data");
        } else if (frame instanceof ImapFrame.LiteralStart start) {
            MessageSpool.Spooled spooled = settings.spool().open(start.size());
            spools.add(spooled);
            framer.streamLiteral(spooled);
        } else if (frame instanceof ImapFrame.Failure failure) {
            discardSpools();
            write(failure.reply());
            if (failure.closeConnection()) {
                write(ImapResponse.Status.untagged(ImapResponse.Kind.BYE, null, "Cannot resynchronise, closing"));
                closeNow();
            } else {
                countError();
            }
        } else if (frame instanceof ImapFrame.Line line) {
            if (saslReading) {
                saslResponse(line);
            } else if (idleTag != null) {
                idleInput(line);
            } else {
                command(line);
            }
        }
    }

    private void command(ImapFrame.Line line) {
        ImapCommandDecoder.Result result = decoder.decode(line);
        if (result instanceof ImapCommandDecoder.Result.Bad bad) {
            discardSpools();
            write(new ImapResponse.Status(bad.tag(), ImapResponse.Kind.BAD, Optional.empty(), badText(bad.hint())));
            countError();
            return;
        }
        ImapCommand command = ((ImapCommandDecoder.Result.Decoded) result).command();
        if (!(command instanceof ImapCommand.Append)) {
            discardSpools();
        }
        try {
            dispatch(command);
        } catch (RuntimeException e) {
            // A bug of ours must not end the connection or reach the wire.
            LOG.log(System.Logger.Level.WARNING, "IMAP command failed", e);
            awaiting = false;
            fetchJob = null;
            tagged(command.tag(), ImapResponse.Kind.NO, ResponseCode.serverBug(), "Internal error");
        }
    }

    private static final System.Logger LOG = System.getLogger(ImapServerSession.class.getName());

    private static String badText(String hint) {
        String text = hint == null || hint.isEmpty() ? "Syntax error" : hint;
        return text.startsWith("[") ? "Syntax error: " + text : text;
    }

    private void dispatch(ImapCommand command) {
        Tag tag = command.tag();
        // Any state (RFC 9051 §6.1)
        if (command instanceof ImapCommand.Capability) {
            write(new ImapResponse.Capability(capabilities()));
            done(tag, "CAPABILITY completed");
            return;
        }
        if (command instanceof ImapCommand.Noop) {
            done(tag, "NOOP completed");
            return;
        }
        if (command instanceof ImapCommand.Logout) {
            write(ImapResponse.Status.untagged(ImapResponse.Kind.BYE, null, "Logging out"));
            tagged(tag, ImapResponse.Kind.OK, null, "LOGOUT completed");
            state = ImapState.LOGOUT;
            closeNow();
            return;
        }
        if (command instanceof ImapCommand.Id) {
            write(new ImapResponse.Id(Optional.of(List.of(new ImapCommand.IdField("name", Optional.of("mailwire"))))));
            done(tag, "ID completed");
            return;
        }
        switch (state) {
            case NOT_AUTHENTICATED -> notAuthenticated(command);
            case AUTHENTICATED, SELECTED -> authenticated(command);
            case LOGOUT -> {
                // Nothing is read after LOGOUT.
            }
        }
    }

    // ---------------------------------------------------------------- not authenticated

    private void notAuthenticated(ImapCommand command) {
        Tag tag = command.tag();
        if (command instanceof ImapCommand.StartTls) {
            if (secure || !settings.tlsAvailable()) {
                bad(tag, "STARTTLS not available");
                return;
            }
            tagged(tag, ImapResponse.Kind.OK, null, "Begin TLS negotiation now");
            // RFC 9051 §6.2.1, SECURITY-CASES TLS-01: nothing received before the handshake is
            // ever read as a command.
            framer.reset();
            if (input != null) {
                input.position(input.limit());
            }
            queue.add(Step.upgradeTls());
        } else if (command instanceof ImapCommand.Login login) {
            if (!plaintextAllowed()) {
                tagged(tag, ImapResponse.Kind.NO, ResponseCode.privacyRequired(), "LOGIN needs TLS first");
                countError();
                return;
            }
            authTag = tag;
            awaiting = true;
            queue.add(Step.event(new ImapEvent.CheckPassword(login.user(), Secret.of(login.password()))));
        } else if (command instanceof ImapCommand.Authenticate auth) {
            authenticate(auth);
        } else if (command instanceof ImapCommand.Enable) {
            bad(tag, "ENABLE needs authentication");
        } else {
            bad(tag, "Command not valid before authentication");
        }
    }

    private boolean plaintextAllowed() {
        return secure || settings.allowPlaintextWithoutTls();
    }

    private void authenticate(ImapCommand.Authenticate auth) {
        Tag tag = auth.tag();
        String name = auth.mechanism().value();
        Optional<SaslServer> sasl = settings.sasl();
        boolean effectiveSecure = plaintextAllowed();
        Optional<SaslServerExchange> started = sasl.flatMap(s -> s.newExchange(name, effectiveSecure));
        if (started.isEmpty()) {
            boolean withTls = !effectiveSecure && sasl.flatMap(s -> s.newExchange(name, true)).isPresent();
            if (withTls) {
                tagged(tag, ImapResponse.Kind.NO, ResponseCode.privacyRequired(), "This mechanism needs TLS first");
            } else {
                tagged(tag, ImapResponse.Kind.NO, ResponseCode.cannot(), "Unsupported authentication mechanism");
            }
            countError();
            return;
        }
        exchange = started.get();
        authTag = tag;
        if (auth.initialResponse().isPresent()) {
            // RFC 4959: "=" is an empty initial response.
            String ir = auth.initialResponse().get();
            byte[] decoded = decodeBase64(ir.equals("=") ? "" : ir);
            if (decoded == null) {
                exchange = null;
                authTag = null;
                bad(tag, "Invalid base64 in the initial response");
                return;
            }
            evaluate(decoded);
        } else if (exchange.needsInitialChallenge()) {
            continuation(Base64.getEncoder().encodeToString(exchange.initialChallenge()));
            saslReading = true;
        } else {
            continuation("");
            saslReading = true;
        }
    }

    private void saslResponse(ImapFrame.Line line) {
        saslReading = false;
        Tag tag = authTag;
        if (line.fragments().size() != 1) {
            exchange = null;
            authTag = null;
            pendingSaslUser = null;
            bad(tag, "Invalid SASL response");
            return;
        }
        String text = new String(((Fragment.Text) line.fragments().get(0)).toByteArray(), StandardCharsets.US_ASCII);
        if (text.equals("*")) {
            exchange = null;
            authTag = null;
            pendingSaslUser = null;
            bad(tag, "AUTHENTICATE cancelled");
            return;
        }
        if (pendingSaslUser != null) {
            String name = pendingSaslUser;
            pendingSaslUser = null;
            authTag = null;
            openUser(tag, name);
            return;
        }
        byte[] decoded = decodeBase64(text);
        if (decoded == null) {
            exchange = null;
            authTag = null;
            bad(tag, "Invalid base64 in the SASL response");
            return;
        }
        evaluate(decoded);
    }

    private void evaluate(byte[] response) {
        awaiting = true;
        queue.add(Step.event(new ImapEvent.SaslPending(exchange.evaluateResponse(response))));
    }

    private static byte[] decodeBase64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void authenticationFailed(Tag tag, SaslFailureReason reason) {
        ResponseCode code = switch (reason) {
            case INVALID_CREDENTIALS, AUTHORIZATION_DENIED -> ResponseCode.authenticationFailed();
            case TEMPORARY_FAILURE -> ResponseCode.unavailable();
            default -> ResponseCode.authenticationFailed();
        };
        tagged(tag, ImapResponse.Kind.NO, code, "Authentication failed");
        countError();
    }

    private void openUser(Tag tag, String name) {
        MailStore store = settings.store();
        work(tag, () -> store.mailboxes(name), opened -> {
            user = name;
            mailboxes = opened;
            state = ImapState.AUTHENTICATED;
            framer.useAuthenticatedLimits();
            decoder = ImapCommandDecoder.of(utf8(), settings.limits(), true);
            queue.add(Step.event(new ImapEvent.LoggedIn(name)));
            tagged(tag, ImapResponse.Kind.OK, ResponseCode.capability(capabilities()), "Logged in");
        }, failure -> {
            tagged(tag, ImapResponse.Kind.NO, ResponseCode.authenticationFailed(), "Authentication failed");
            countError();
        });
    }

    // ---------------------------------------------------------------- authenticated

    private void authenticated(ImapCommand command) {
        Tag tag = command.tag();
        if (command instanceof ImapCommand.StartTls || command instanceof ImapCommand.Login
                || command instanceof ImapCommand.Authenticate) {
            bad(tag, "Already authenticated");
        } else if (command instanceof ImapCommand.Enable enable) {
            enable(enable);
        } else if (command instanceof ImapCommand.Select select) {
            select(tag, select.mailbox(), select.parameters(), false);
        } else if (command instanceof ImapCommand.Examine examine) {
            select(tag, examine.mailbox(), examine.parameters(), true);
        } else if (command instanceof ImapCommand.Create create) {
            MailboxCommands.create(this, create);
        } else if (command instanceof ImapCommand.Delete delete) {
            MailboxCommands.delete(this, delete);
        } else if (command instanceof ImapCommand.Rename rename) {
            MailboxCommands.rename(this, rename);
        } else if (command instanceof ImapCommand.Subscribe subscribe) {
            MailboxCommands.subscribe(this, subscribe.tag(), subscribe.mailbox(), true);
        } else if (command instanceof ImapCommand.Unsubscribe unsubscribe) {
            MailboxCommands.subscribe(this, unsubscribe.tag(), unsubscribe.mailbox(), false);
        } else if (command instanceof ImapCommand.ListMailboxes list) {
            MailboxCommands.list(this, list);
        } else if (command instanceof ImapCommand.Lsub lsub) {
            MailboxCommands.lsub(this, lsub);
        } else if (command instanceof ImapCommand.Namespace) {
            write(new ImapResponse.Namespace(List.of(new ImapResponse.NamespaceDescription("",
                    Optional.of(UserMailboxes.DELIMITER))), List.of(), List.of()));
            done(tag, "NAMESPACE completed");
        } else if (command instanceof ImapCommand.Status status) {
            MailboxCommands.status(this, status);
        } else if (command instanceof ImapCommand.Append append) {
            MailboxCommands.append(this, append);
        } else if (command instanceof ImapCommand.GetQuota quota) {
            MailboxCommands.getQuota(this, quota.tag(), quota.root());
        } else if (command instanceof ImapCommand.GetQuotaRoot quotaRoot) {
            MailboxCommands.getQuotaRoot(this, quotaRoot);
        } else if (command instanceof ImapCommand.Compress compress) {
            compress(tag, compress);
        } else if (command instanceof ImapCommand.SetQuota) {
            // RFC 9208 §4.1.3: a user may be refused; limits are the administrator's to set.
            no(tag, ResponseCode.noPerm(), "Quota limits are set by the administrator");
        } else if (command instanceof ImapCommand.Idle) {
            idleTag = tag;
            continuation("idling");
            reportChanges(true);
        } else if (state == ImapState.SELECTED) {
            SelectedCommands.dispatch(this, command);
        } else {
            bad(tag, "No mailbox selected");
        }
    }

    /**
     * RFC 4978 §3: OK, then both directions are raw DEFLATE. A second COMPRESS is refused with
     * {@code NO [COMPRESSIONACTIVE]}; an unknown mechanism is a BAD. The client sends nothing
     * before the OK, so no command bytes can be caught on the wrong side of the switch.
     */
    private void compress(Tag tag, ImapCommand.Compress compress) {
        if (compressed) {
            no(tag, ResponseCode.compressionActive(), "DEFLATE is already active");
            return;
        }
        if (!compress.mechanism().value().equalsIgnoreCase("DEFLATE")) {
            bad(tag, "Unknown compression mechanism");
            return;
        }
        tagged(tag, ImapResponse.Kind.OK, null, "DEFLATE active");
        compressed = true;
        queue.add(Step.startCompression());
    }

    private void enable(ImapCommand.Enable enable) {
        List<Atom> enabled = new ArrayList<>();
        for (Atom a : enable.capabilities()) {
            String name = a.value().toUpperCase(java.util.Locale.ROOT);
            switch (name) {
                case "IMAP4REV2" -> {
                    if (!rev2) {
                        rev2 = true;
                        enabled.add(Atom.of("IMAP4rev2"));
                    }
                }
                case "CONDSTORE" -> {
                    if (!condStore) {
                        condStore = true;
                        enabled.add(Atom.of("CONDSTORE"));
                    }
                }
                case "QRESYNC" -> {
                    if (!qresync) {
                        qresync = true;
                        condStore = true;
                        enabled.add(Atom.of("QRESYNC"));
                    }
                }
                case "UTF8=ACCEPT" -> {
                    if (!utf8Accept) {
                        utf8Accept = true;
                        enabled.add(Atom.of("UTF8=ACCEPT"));
                    }
                }
                default -> {
                    // RFC 5161 §3.1: unknown extensions are ignored.
                }
            }
        }
        decoder = ImapCommandDecoder.of(utf8(), settings.limits(), true);
        write(new ImapResponse.Enabled(enabled));
        done(enable.tag(), "ENABLE completed");
    }

    private void select(Tag tag, MailboxName name, ImapCommand.SelectParameters parameters, boolean examine) {
        if (parameters.qresync().isPresent() && !qresync) {
            bad(tag, "QRESYNC must be enabled first");
            return;
        }
        boolean wasSelected = state == ImapState.SELECTED;
        releaseSelection();
        state = ImapState.AUTHENTICATED;
        if (wasSelected && qresync) {
            // RFC 7162 §3.2.11: the CLOSED code marks where the old mailbox's responses end.
            write(ImapResponse.Status.untagged(ImapResponse.Kind.OK, ResponseCode.closed(), "Previous mailbox closed"));
        }
        if (parameters.condStore()) {
            condStore = true;
        }
        UserMailboxes boxes = mailboxes;
        String storeName = name.name();
        long generation = ++selectGeneration;
        Executor hop = sessionThread;
        boolean listResponse = rev2;
        work(tag, () -> {
            Mailbox opened = boxes.open(storeName);
            ListenerRegistration reg = opened.addListener(event -> hop.execute(() -> changeArrived(generation, event)));
            try {
                MailboxStatus status = opened.status();
                List<MessageInfo> messages = opened.messages();
                return new Opened(opened, reg, status, messages,
                        listResponse ? MailboxCommands.attributes(boxes, storeName) : List.of());
            } catch (Exception e) {
                reg.close();
                throw e;
            }
        }, opened -> {
            mailbox = opened.mailbox();
            registration = opened.registration();
            mailboxName = storeName;
            readOnly = examine;
            uidValidity = opened.status().uidValidity();
            view = new SelectedView(opened.messages(), opened.status().highestModSeq());
            // RFC 5182 §2.1: a successful SELECT or EXAMINE empties the search result variable.
            savedResult = NO_SAVED_RESULT;
            state = ImapState.SELECTED;
            selected(tag, opened.status(), parameters, name, opened.attributes());
        }, failure -> {
            state = ImapState.AUTHENTICATED;
            failed(tag, failure, false);
        });
    }

    private void changeArrived(long generation, MailboxEvent event) {
        // A listener of an earlier selection may still deliver after UNSELECT: drop its events.
        // Events of this selection that arrive before the SELECT's snapshot is in are kept:
        // merging skips what the snapshot already holds.
        if (generation == selectGeneration) {
            mailboxChanged(event);
        }
    }

    private record Opened(Mailbox mailbox, ListenerRegistration registration, MailboxStatus status,
                          List<MessageInfo> messages, List<Flag> attributes) {
    }

    private void selected(Tag tag, MailboxStatus status, ImapCommand.SelectParameters parameters, MailboxName name,
                          List<Flag> attributes) {
        write(new ImapResponse.Flags(SYSTEM_FLAGS));
        List<PermanentFlag> permanent = new ArrayList<>(SYSTEM_FLAGS);
        permanent.add(PermanentFlag.AnyKeyword.INSTANCE);
        write(ImapResponse.Status.untagged(ImapResponse.Kind.OK,
                ResponseCode.permanentFlags(readOnly ? List.of() : permanent), "Flags permitted"));
        write(new ImapResponse.Exists(view.size()));
        if (rev2) {
            // RFC 9051 §6.3.2: IMAP4rev2 sends the mailbox's LIST response with SELECT.
            write(new ImapResponse.ListMailbox(false, attributes, Optional.of(UserMailboxes.DELIMITER), name,
                    List.of()));
        } else {
            write(new ImapResponse.Recent(0));
            int unseen = view.firstUnseen();
            if (unseen > 0) {
                write(ImapResponse.Status.untagged(ImapResponse.Kind.OK, ResponseCode.unseen(unseen), "First unseen"));
            }
        }
        write(ImapResponse.Status.untagged(ImapResponse.Kind.OK, ResponseCode.uidValidity(UidValidity.of(uidValidity)),
                "UIDs valid"));
        write(ImapResponse.Status.untagged(ImapResponse.Kind.OK, ResponseCode.uidNext(status.uidNext()),
                "Predicted next UID"));
        write(ImapResponse.Status.untagged(ImapResponse.Kind.OK, ResponseCode.highestModSeq(view.highestModSeq()),
                "Highest"));
        parameters.qresync().ifPresent(q -> {
            if (q.uidValidity().value() == uidValidity) {
                SelectedCommands.resync(this, q);
            }
        });
        tagged(tag, ImapResponse.Kind.OK, readOnly ? ResponseCode.readOnly() : ResponseCode.readWrite(),
                (readOnly ? "EXAMINE" : "SELECT") + " completed");
    }

    /** Forgets the selected mailbox (CLOSE, UNSELECT, a new SELECT, the end of the connection). */
    void releaseSelection() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
        mailbox = null;
        mailboxName = null;
        view = null;
        pending.clear();
        selectGeneration++;
        if (state == ImapState.SELECTED) {
            state = ImapState.AUTHENTICATED;
        }
    }

    private void idleInput(ImapFrame.Line line) {
        Tag tag = idleTag;
        idleTag = null;
        if (ImapCommandDecoder.isDone(line)) {
            done(tag, "IDLE terminated");
        } else {
            bad(tag, "Expected DONE");
        }
    }

    // ---------------------------------------------------------------- changes of the selected mailbox

    /**
     * Reports queued changes of the selected mailbox (RFC 9051 §7.4.1, §7.5.1).
     *
     * @param allowExpunge whether EXPUNGE and VANISHED may be sent now; not after FETCH, STORE
     *                     or SEARCH (RFC 9051 §7.5.1)
     */
    void reportChanges(boolean allowExpunge) {
        if (view == null) {
            pending.clear();
            return;
        }
        boolean grown = false;
        while (!pending.isEmpty()) {
            MailboxEvent event = pending.peek();
            if (event instanceof MailboxEvent.MessagesExpunged expunged) {
                if (!allowExpunge) {
                    break;
                }
                if (grown) {
                    write(new ImapResponse.Exists(view.size()));
                    grown = false;
                }
                expunged(expunged.uids(), expunged.modSeq());
            } else if (event instanceof MailboxEvent.MessagesAdded added) {
                for (MessageInfo m : added.messages()) {
                    grown |= view.add(m);
                }
            } else if (event instanceof MailboxEvent.FlagsChanged changed) {
                for (MessageInfo m : changed.messages()) {
                    int seq = view.update(m);
                    if (seq > 0) {
                        write(new ImapResponse.Fetch(seq, flagsData(m, true)));
                    }
                }
            }
            pending.poll();
        }
        if (grown) {
            write(new ImapResponse.Exists(view.size()));
        }
    }

    /**
     * Adds messages the session learnt of from its own APPEND or COPY into the selected mailbox,
     * and reports them with EXISTS; their change events, when they come, are skipped.
     */
    void arrived(String mailboxOfMessages, List<MessageInfo> messages) {
        if (view == null || messages.isEmpty() || !mailboxOfMessages.equals(mailboxName)) {
            return;
        }
        // Changes queued before ours come first, so the order of events is kept.
        reportChanges(true);
        boolean grown = false;
        for (MessageInfo m : messages) {
            grown |= view.add(m);
        }
        if (grown) {
            write(new ImapResponse.Exists(view.size()));
        }
    }

    /** Removes expunged messages from the view and reports them (EXPUNGE, or VANISHED under QRESYNC). */
    void expunged(List<Long> uids, long modSeq) {
        List<Long> gone = new ArrayList<>();
        for (long uid : uids) {
            int seq = view.remove(uid);
            if (seq > 0) {
                if (qresync) {
                    gone.add(uid);
                } else {
                    write(new ImapResponse.Expunge(seq));
                }
            }
        }
        view.seenModSeq(modSeq);
        if (!gone.isEmpty()) {
            write(new ImapResponse.Vanished(false, SelectedView.uidSet(gone)));
        }
    }

    /** The FETCH items sent for a flag change: FLAGS, with UID under QRESYNC and MODSEQ under CONDSTORE. */
    List<FetchData> flagsData(MessageInfo m, boolean withUid) {
        List<FetchData> data = new ArrayList<>(3);
        data.add(new FetchData.Flags(imapFlags(m.flags())));
        if (withUid && qresync) {
            data.add(new FetchData.Uid(m.uid()));
        }
        if (condStore) {
            data.add(new FetchData.ModSeq(m.modSeq()));
        }
        return data;
    }

    static List<Flag> imapFlags(org.mailwire.store.Flags flags) {
        return FetchRenderer.flags(flags, false).flags();
    }

    static org.mailwire.store.Flags storeFlags(List<Flag> flags) {
        EnumSet<org.mailwire.store.Flag> system = EnumSet.noneOf(org.mailwire.store.Flag.class);
        List<String> keywords = new ArrayList<>();
        for (Flag f : flags) {
            if (f instanceof Flag.System s) {
                org.mailwire.store.Flag.byImapName(s.wire()).ifPresent(system::add);
            } else if (f instanceof Flag.Keyword k) {
                keywords.add(k.name().value());
            } else {
                // \Recent and other extension flags cannot be stored (RFC 9051 §2.3.2).
                throw new IllegalArgumentException(f.wire());
            }
        }
        return new org.mailwire.store.Flags(system, Set.copyOf(keywords));
    }

    // ---------------------------------------------------------------- FETCH jobs

    /** A FETCH that needs message content, rendered a batch at a time off the session's thread. */
    interface FetchJob {
        /** Issues the next batch, or completes the command. */
        void step();

        /** Closes what the job holds open; the connection is gone. */
        void release();
    }

    FetchJob fetchJob;

    /** The text of a BAD that a set resolution asked for. */
    String pendingBad;

    String takePendingBad() {
        String text = pendingBad == null ? "Invalid set" : pendingBad;
        pendingBad = null;
        return text;
    }

    /** Writes an untagged OK with a response code. */
    void tagless(ResponseCode code, String text) {
        write(ImapResponse.Status.untagged(ImapResponse.Kind.OK, code, text));
    }

    // ---------------------------------------------------------------- helpers for the command classes

    ImapSessionSettings settings() {
        return settings;
    }

    UserMailboxes mailboxes() {
        return mailboxes;
    }

    Mailbox mailbox() {
        return mailbox;
    }

    String mailboxName() {
        return mailboxName;
    }

    boolean readOnly() {
        return readOnly;
    }

    long uidValidity() {
        return uidValidity;
    }

    SelectedView view() {
        return view;
    }

    private static final long[] NO_SAVED_RESULT = new long[0];

    /** The UIDs {@code $} stands for, ascending (messages expunged since are skipped by the user). */
    long[] savedResult() {
        return savedResult;
    }

    /** Sets {@code $} (RFC 9051 §6.4.4.2) to these UIDs, ascending. */
    void saveResult(long[] uids) {
        savedResult = uids;
    }

    boolean condStore() {
        return condStore;
    }

    void enableCondStore() {
        condStore = true;
    }

    boolean qresync() {
        return qresync;
    }

    boolean rev2() {
        return rev2;
    }

    boolean utf8() {
        return rev2 || utf8Accept;
    }

    List<MessageSpool.Spooled> takeSpools() {
        List<MessageSpool.Spooled> taken = new ArrayList<>(spools);
        spools.clear();
        return taken;
    }

    private void discardSpools() {
        for (MessageSpool.Spooled s : spools) {
            s.discard();
        }
        spools.clear();
    }

    /** Runs store work off the session's thread; {@code then} runs on it with the result. */
    @SuppressWarnings("unchecked")
    <T> void work(Tag tag, ImapEvent.StoreWork<T> work, Consumer<T> then) {
        work(tag, work, then, failure -> failed(tag, failure, false));
    }

    @SuppressWarnings("unchecked")
    <T> void work(Tag tag, ImapEvent.StoreWork<T> work, Consumer<T> then, Consumer<Throwable> onFailure) {
        awaiting = true;
        continuation = r -> then.accept((T) r);
        failureHandler = onFailure;
        queue.add(Step.event(new ImapEvent.Blocking(work)));
    }

    /** Maps a store failure to the command's tagged {@code NO} (ARCHITECTURE's store table). */
    void failed(Tag tag, Throwable failure, boolean tryCreate) {
        ResponseCode code;
        String text;
        if (failure instanceof ContentOpener.ContentUnavailableException unavailable) {
            failure = unavailable.storeException();
        }
        if (failure instanceof UnknownCteException) {
            code = ResponseCode.of(Atom.of("UNKNOWN-CTE"), Optional.empty());
            text = "Unknown content transfer encoding";
        } else if (failure instanceof QuotaExceededException) {
            code = ResponseCode.overQuota();
            text = "Quota exceeded";
        } else if (failure instanceof MailboxNotFoundException) {
            code = tryCreate ? ResponseCode.tryCreate() : ResponseCode.nonexistent();
            text = "No such mailbox";
        } else if (failure instanceof MailboxExistsException) {
            code = ResponseCode.alreadyExists();
            text = "Mailbox already exists";
        } else if (failure instanceof InvalidMailboxNameException) {
            code = ResponseCode.cannot();
            text = "Invalid mailbox name";
        } else if (failure instanceof MessageNotFoundException) {
            code = ResponseCode.expungeIssued();
            text = "Some messages were expunged";
        } else if (failure instanceof UnsupportedOperationException) {
            code = ResponseCode.cannot();
            text = "Not supported by this server";
        } else {
            code = ResponseCode.serverBug();
            text = "Internal error, try again later";
        }
        if (state == ImapState.SELECTED) {
            // The failed command may have been a FETCH, STORE or SEARCH: expunges wait (§7.5.1).
            reportChanges(false);
        }
        tagged(tag, ImapResponse.Kind.NO, code, text);
    }

    void write(ImapResponse response) {
        queue.add(Step.write(ByteBuffer.wrap(response.toBytes(utf8()))));
    }

    void writeRaw(byte[] bytes) {
        queue.add(Step.write(ByteBuffer.wrap(bytes)));
    }

    void continuation(String text) {
        write(new ImapResponse.Continuation(text));
    }

    void tagged(Tag tag, ImapResponse.Kind kind, ResponseCode code, String text) {
        write(ImapResponse.Status.tagged(tag, kind, code, text));
    }

    /** Completes a command with OK, after reporting the changes that may be sent now. */
    void done(Tag tag, String text) {
        done(tag, null, text, true);
    }

    void done(Tag tag, ResponseCode code, String text, boolean allowExpunge) {
        if (state == ImapState.SELECTED) {
            reportChanges(allowExpunge);
        }
        tagged(tag, ImapResponse.Kind.OK, code, text);
    }

    void no(Tag tag, ResponseCode code, String text) {
        tagged(tag, ImapResponse.Kind.NO, code, text);
    }

    void bad(Tag tag, String text) {
        tagged(tag, ImapResponse.Kind.BAD, null, text);
        countError();
    }

    private void countError() {
        errors++;
        if (errors >= settings.maxErrors() && !finished) {
            write(ImapResponse.Status.untagged(ImapResponse.Kind.BYE, null, "Too many errors, closing"));
            closeNow();
        }
    }

    /** Says {@code * BYE} and closes: the client can no longer be kept in step. */
    void abort(String text) {
        if (fetchJob != null) {
            fetchJob.release();
        }
        fetchJob = null;
        write(ImapResponse.Status.untagged(ImapResponse.Kind.BYE, null, text));
        closeNow();
    }

    private void closeNow() {
        state = ImapState.LOGOUT;
        queue.add(Step.close());
    }

    /**
     * Returns the capabilities advertised now (RFC 9051 §7.2.2): LOGINDISABLED and no plaintext
     * mechanism before TLS unless plaintext is allowed (SECURITY-CASES IMAP-11).
     *
     * @return the capability atoms
     */
    public List<Atom> capabilities() {
        List<Atom> caps = new ArrayList<>();
        caps.add(Atom.of("IMAP4rev1"));
        caps.add(Atom.of("IMAP4rev2"));
        boolean literalPlus = settings.limits().maxNonSyncLiteralSize() >= settings.limits().maxLiteralSize();
        caps.add(Atom.of(literalPlus ? "LITERAL+" : "LITERAL-"));
        caps.add(Atom.of("ENABLE"));
        caps.add(Atom.of("ID"));
        caps.add(Atom.of("IDLE"));
        caps.add(Atom.of("SASL-IR"));
        if (state == ImapState.NOT_AUTHENTICATED) {
            if (!secure && settings.tlsAvailable()) {
                caps.add(Atom.of("STARTTLS"));
            }
            if (!plaintextAllowed()) {
                caps.add(Atom.of("LOGINDISABLED"));
            }
            for (SaslMechanism m : settings.sasl().map(s -> s.mechanisms(plaintextAllowed())).orElse(List.of())) {
                caps.add(Atom.of("AUTH=" + m.mechanismName()));
            }
            return caps;
        }
        for (String c : List.of("NAMESPACE", "UNSELECT", "UIDPLUS", "MOVE", "CONDSTORE", "QRESYNC", "CHILDREN",
                "LIST-EXTENDED", "LIST-STATUS", "SPECIAL-USE", "CREATE-SPECIAL-USE", "ESEARCH", "SEARCHRES",
                "STATUS=SIZE",
                "QUOTA", "QUOTA=RES-STORAGE", "QUOTA=RES-MESSAGE", "UTF8=ACCEPT", "BINARY", "SORT",
                "SORT=DISPLAY", "THREAD=ORDEREDSUBJECT", "THREAD=REFERENCES")) {
            caps.add(Atom.of(c));
        }
        if (!compressed) {
            caps.add(Atom.of("COMPRESS=DEFLATE"));
        }
        caps.add(Atom.of("APPENDLIMIT=" + settings.limits().maxLiteralSize()));
        return caps;
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.mailwire.core.protocol.ProtocolSession;
import org.mailwire.core.protocol.Step;

/**
 * Drives one {@link ProtocolSession} over one socket channel, in plaintext or TLS.
 *
 * <p>Everything except the methods of {@link Connection} that say otherwise runs on the
 * connection's event loop. The cycle is: ask the session for steps until it needs input or waits
 * for the application ({@link #pumpSession()}), send what it wrote in one gathering write
 * ({@link #flush()}), then read and hand the session the next buffer ({@link #readInput()}).
 * Back-pressure: above the write high watermark the session is not asked for steps and nothing
 * is read, until the queue drains below the low watermark.
 *
 * @param <E> the session's event type
 */
final class NioConnection<E> implements Connection, EventLoop.Selectable, EventLoop.Timed {

    private static final System.Logger LOG = System.getLogger(NioConnection.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** How many drive rounds one readiness event may take before other connections get a turn. */
    private static final int ROUNDS_PER_TURN = 32;
    private static final int GATHER = 16;

    private enum Phase { CONNECTING, OPEN, CLOSED }

    private final EventLoop loop;
    private final SocketChannel channel;
    private final TransportSettings settings;
    private final SessionFactory<E> factory;
    private final EventHandler<E> handler;
    private final TlsSettings tls;
    private final boolean implicitTls;
    private final String peerHost;
    private final int peerPort;
    private final java.util.concurrent.Executor blockingExecutor;
    private final Consumer<NioConnection<?>> onClosed;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final CompletableFuture<Connection> ready = new CompletableFuture<>();

    private SelectionKey key;
    private Phase phase;
    private ProtocolSession<E> session;
    private volatile InetSocketAddress remote;
    private volatile InetSocketAddress local;

    // Input: appIn is filled by reads (fill mode unless appInDelivered); the session gets a view
    // of it, which is emptied ("poisoned") when the session is done with it, so a session that
    // kept a stale reference can never see the bytes of a reused, pooled buffer.
    private ByteBuffer appIn;
    private ByteBuffer sessionView;
    private boolean appInDelivered;
    private boolean inputWanted;
    private boolean eof;

    // TLS: netIn holds unprocessed ciphertext between position and limit; netOut holds
    // ciphertext not yet written between position and limit.
    private SSLEngine engine;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private boolean handshaking;
    private volatile SSLSession tlsSession;

    // Output: chunks in read mode (position..limit is unsent data).
    private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[GATHER];
    private volatile long queued;
    private boolean writeBlocked;

    // Compression (Step.StartCompression, RFC 4978): raw DEFLATE above TLS, null until started.
    private Compression compression;
    private boolean compressionPending;

    private boolean awaitingApplication;
    private boolean upgradePending;
    private boolean closeAfterFlush;
    private boolean driving;
    private Throwable closeCause;

    // Deadlines in System.nanoTime() terms; 0 means not armed.
    private long readDeadline;
    private boolean commandDeadline;
    private long writeDeadline;
    private long handshakeDeadline;
    private long connectDeadline;

    NioConnection(EventLoop loop, SocketChannel channel, TransportSettings settings, SessionFactory<E> factory,
            EventHandler<E> handler, TlsSettings tls, boolean implicitTls, String peerHost, int peerPort,
            java.util.concurrent.Executor blockingExecutor, Consumer<NioConnection<?>> onClosed) {
        this.loop = loop;
        this.channel = channel;
        this.settings = settings;
        this.factory = factory;
        this.handler = handler;
        this.tls = tls;
        this.implicitTls = implicitTls;
        this.peerHost = peerHost;
        this.peerPort = peerPort;
        this.blockingExecutor = blockingExecutor;
        this.onClosed = onClosed;
    }

    CompletableFuture<Connection> ready() {
        return ready;
    }

    // ---------------------------------------------------------------- start

    /** Starts an accepted connection; loop thread. */
    void startAccepted() {
        try {
            register();
            open();
        } catch (IOException | RuntimeException e) {
            abort(e);
        }
    }

    /** Starts connecting to {@code address}; loop thread. */
    void startConnect(InetSocketAddress address) {
        try {
            register();
            phase = Phase.CONNECTING;
            if (channel.connect(address)) {
                open();
            } else {
                connectDeadline = deadline(settings.connectTimeout().toNanos());
                setInterest(SelectionKey.OP_CONNECT);
            }
        } catch (IOException | RuntimeException e) {
            abort(e);
        }
    }

    private void register() throws IOException {
        channel.configureBlocking(false);
        // Replies are small and batched by the transport; Nagle would stall each one (GreenMail).
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        key = channel.register(loop.selector(), 0, this);
        loop.addTimed(this);
    }

    private void addresses() throws IOException {
        remote = (InetSocketAddress) channel.getRemoteAddress();
        local = (InetSocketAddress) channel.getLocalAddress();
    }

    /** TCP is up: start TLS (implicit) or the session, then run. */
    private void open() throws IOException {
        connectDeadline = 0;
        phase = Phase.OPEN;
        addresses();
        if (implicitTls) {
            startTls();
        } else {
            openSession();
        }
        drive();
    }

    private void openSession() {
        session = factory.open(this);
        if (session == null) {
            throw new IllegalStateException("session factory returned null");
        }
        ready.complete(this);
    }

    // ---------------------------------------------------------------- selector callbacks

    @Override
    public void onSelected(SelectionKey k) {
        try {
            if (phase == Phase.CONNECTING && k.isConnectable()) {
                if (channel.finishConnect()) {
                    open();
                }
                return;
            }
            drive();
        } catch (IOException | RuntimeException e) {
            abort(e);
        }
    }

    @Override
    public void onLoopClosed() {
        closeNow(new ClosedChannelException());
    }

    @Override
    public void checkDeadlines(long now) {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (expired(connectDeadline, now)) {
            abort(new ConnectionTimeoutException(ConnectionTimeoutException.Kind.CONNECT));
        } else if (expired(handshakeDeadline, now)) {
            abort(new ConnectionTimeoutException(ConnectionTimeoutException.Kind.TLS_HANDSHAKE));
        } else if (expired(writeDeadline, now)) {
            abort(new ConnectionTimeoutException(ConnectionTimeoutException.Kind.WRITE));
        } else if (expired(readDeadline, now) && inputWanted) {
            timedOut(commandDeadline ? ConnectionTimeoutException.Kind.COMMAND : ConnectionTimeoutException.Kind.IDLE);
        }
    }

    private static boolean expired(long deadline, long now) {
        return deadline != 0 && now - deadline >= 0;
    }

    private static long deadline(long afterNanos) {
        long d = System.nanoTime() + afterNanos;
        return d == 0 ? 1 : d;
    }

    // ---------------------------------------------------------------- the drive cycle

    /** Runs the cycle until nothing more can be done without the selector; loop thread. */
    private void drive() {
        if (phase != Phase.OPEN || driving) {
            return;
        }
        driving = true;
        boolean exhausted = true;
        try {
            for (int round = 0; round < ROUNDS_PER_TURN; round++) {
                if (handshaking && !continueHandshake()) {
                    exhausted = false;
                    break;
                }
                pumpSession();
                flush();
                if (phase != Phase.OPEN) {
                    return;
                }
                if (handshaking) {
                    continue; // an upgrade started during flush
                }
                if (writeBlocked) {
                    exhausted = false; // wait until the peer reads
                    break;
                }
                if (sessionCanProceed()) {
                    continue; // the watermark stopped the session and the queue has drained since
                }
                if (!inputWanted || closeAfterFlush) {
                    exhausted = false;
                    break;
                }
                if (readInput() == 0) {
                    exhausted = false;
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            abort(e);
            return;
        } finally {
            driving = false;
        }
        if (phase != Phase.OPEN) {
            return;
        }
        updateInterest();
        if (exhausted) {
            // More work may wait where the selector cannot see it (decrypted input in netIn,
            // output the session has not produced yet): continue after other connections' turn.
            loop.execute(this::drive);
        }
    }

    private boolean sessionCanProceed() {
        return session != null && !inputWanted && !awaitingApplication && !closeAfterFlush && !upgradePending
                && !compressionPending && !writeBlocked;
    }

    /** Asks the session for steps until it needs input, waits, or output is above the watermark. */
    private void pumpSession() {
        if (session == null || awaitingApplication || inputWanted || closeAfterFlush || upgradePending
                || compressionPending || handshaking) {
            return;
        }
        while (true) {
            if (queued > settings.writeHighWatermark()) {
                writeBlocked = true;
                return;
            }
            Step<E> step = session.next();
            if (step instanceof Step.Write<E> write) {
                enqueue(write.bytes());
            } else if (step instanceof Step.Event<E> event) {
                handler.onEvent(this, event.event());
                if (closeAfterFlush || phase != Phase.OPEN) {
                    return;
                }
            } else if (step instanceof Step.NeedInput<E> need) {
                if (eof) {
                    closeAfterFlush = true; // the peer is gone and the session wants more: done
                    return;
                }
                inputWanted = true;
                recycleInput();
                armRead(need.midCommand());
                return;
            } else if (step instanceof Step.AwaitApplication<E>) {
                awaitingApplication = true;
                readDeadline = 0;
                return;
            } else if (step instanceof Step.UpgradeTls<E>) {
                if (compression != null) {
                    throw new IllegalStateException("TLS cannot start under compression (RFC 4978 §4)");
                }
                if (tls == null || engine != null) {
                    throw new IllegalStateException(tls == null
                            ? "session asked for TLS but the connection has no TLS settings"
                            : "session asked for TLS twice");
                }
                // RFC 3207 §4.2: nothing received before the upgrade may be processed after it.
                discardInput();
                upgradePending = true;
                return;
            } else if (step instanceof Step.StartCompression<E>) {
                if (compression != null) {
                    throw new IllegalStateException("session asked for compression twice");
                }
                compressionPending = true;
                return;
            } else if (step instanceof Step.Close<E>) {
                closeAfterFlush = true;
                return;
            } else {
                throw new IllegalStateException("unknown step " + step);
            }
        }
    }

    private void armRead(boolean midCommand) {
        if (midCommand) {
            if (!commandDeadline || readDeadline == 0) {
                readDeadline = deadline(settings.commandTimeout().toNanos());
                commandDeadline = true;
            }
        } else {
            readDeadline = deadline(settings.idleTimeout().toNanos());
            commandDeadline = false;
        }
    }

    // ---------------------------------------------------------------- input

    /**
     * Reads (and decrypts) the next input and hands it to the session.
     *
     * @return 1 if input was handed over, -1 if end of stream was, 0 if nothing is available
     */
    private int readInput() throws IOException {
        if (compression != null) {
            return readInputCompressed();
        }
        if (engine != null) {
            return readInputTls();
        }
        ByteBuffer in = inputBuffer(settings.readBufferSize());
        int n = channel.read(in);
        if (n < 0) {
            recycleInput();
            return endOfStream();
        }
        if (n == 0) {
            recycleInput();
            return 0;
        }
        deliver();
        return 1;
    }

    private int readInputTls() throws IOException {
        ByteBuffer in = inputBuffer(engine.getSession().getApplicationBufferSize());
        if (in.position() > 0) {
            deliver(); // decrypted with the last handshake flight
            return 1;
        }
        while (true) {
            if (netIn.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(netIn, in);
                handlePostHandshake(r);
                switch (r.getStatus()) {
                    case OK:
                        if (in.position() > 0) {
                            deliver();
                            return 1;
                        }
                        continue; // a record without application data (TLS 1.3 ticket, key update)
                    case BUFFER_OVERFLOW:
                        if (in.position() > 0) {
                            deliver();
                            return 1;
                        }
                        in = growInput(engine.getSession().getApplicationBufferSize());
                        continue;
                    case CLOSED:
                        // close_notify: the peer's end of stream (RFC 8446 §6.1).
                        if (in.position() > 0) {
                            deliver();
                            return 1;
                        }
                        recycleInput();
                        return endOfStream();
                    case BUFFER_UNDERFLOW:
                    default:
                        break; // need more ciphertext
                }
            }
            int n = readNet();
            if (n < 0) {
                recycleInput();
                return endOfStream();
            }
            if (n == 0) {
                return 0;
            }
        }
    }

    /** Inflates into the input buffer, reading (and decrypting) compressed octets as needed. */
    private int readInputCompressed() throws IOException {
        ByteBuffer in = inputBuffer(settings.readBufferSize());
        while (true) {
            if (compression.inflate(in) > 0) {
                deliver();
                return 1;
            }
            if (compression.streamEnded()) {
                recycleInput();
                return endOfStream();
            }
            ByteBuffer raw = compression.compressedInput(engine != null
                    ? engine.getSession().getApplicationBufferSize() : settings.readBufferSize());
            int n;
            try {
                n = engine != null ? readTlsInto(raw) : channel.read(raw);
            } finally {
                raw.flip();
            }
            if (n < 0) {
                recycleInput();
                return endOfStream();
            }
            if (n == 0) {
                recycleInput();
                return 0;
            }
        }
    }

    /** Decrypts into {@code dst} (fill mode): octets produced, 0 when the socket has none, -1 at the end. */
    private int readTlsInto(ByteBuffer dst) throws IOException {
        int before = dst.position();
        while (true) {
            if (netIn.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(netIn, dst);
                handlePostHandshake(r);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return dst.position() > before ? dst.position() - before : -1;
                }
                if (dst.position() > before) {
                    return dst.position() - before;
                }
                if (r.getStatus() == SSLEngineResult.Status.OK) {
                    continue;
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    throw new SSLException("no room for a TLS record");
                }
            }
            int n = readNet();
            if (n <= 0) {
                return n;
            }
        }
    }

    /**
     * Starts compressing: octets the session has not consumed are the first compressed input
     * (the peer may send compressed data right behind the command), nothing of them is lost.
     */
    private void startCompression() {
        compression = new Compression(settings.readBufferSize());
        if (sessionView != null && sessionView.hasRemaining()) {
            ByteBuffer raw = compression.compressedInput(sessionView.remaining());
            raw.put(sessionView);
            raw.flip();
        }
        // The session sees its input end here and asks for more, which comes inflated.
        poisonSessionView();
    }

    private int endOfStream() {
        eof = true;
        inputWanted = false;
        readDeadline = 0;
        session.receiveEof();
        return -1;
    }

    /** Returns the input buffer in fill mode, acquiring one if the connection holds none. */
    private ByteBuffer inputBuffer(int size) {
        if (appIn == null) {
            appIn = size == loop.pool().bufferSize() ? loop.pool().acquire() : ByteBuffer.allocate(size);
        } else if (appIn.capacity() < size && appIn.position() == 0) {
            appIn = ByteBuffer.allocate(size);
        }
        return appIn;
    }

    private ByteBuffer growInput(int size) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(size, appIn.capacity() * 2));
        appIn.flip();
        bigger.put(appIn);
        loop.pool().release(appIn);
        appIn = bigger;
        return appIn;
    }

    private void deliver() {
        appIn.flip();
        if (commandDeadline && readDeadline != 0 && settings.minDataRate() > 0) {
            // FLT-09: a command that keeps arriving at the minimum rate earns time, one that
            // trickles does not; never more than commandTimeout from now.
            long earned = appIn.remaining() * 1_000_000_000L / settings.minDataRate();
            long cap = System.nanoTime() + settings.commandTimeout().toNanos();
            long extended = readDeadline + earned;
            readDeadline = extended - cap > 0 ? cap : extended;
        }
        appInDelivered = true;
        inputWanted = false;
        sessionView = appIn.duplicate();
        session.receive(sessionView);
    }

    /** After NeedInput the session has consumed the buffer: reuse it, or give it to the pool. */
    private void recycleInput() {
        poisonSessionView();
        if (appIn != null && engine != null) {
            if (appInDelivered) {
                appIn.clear(); // TLS connections keep their record-sized buffer
                appInDelivered = false;
            }
            return;
        }
        if (appIn != null && (appInDelivered || appIn.position() == 0)) {
            loop.pool().release(appIn);
            appIn = null;
            appInDelivered = false;
        }
    }

    /** Makes unprocessed input unreachable, for the session too, and drops the buffer. */
    private void discardInput() {
        poisonSessionView();
        if (appIn != null) {
            loop.pool().release(appIn);
            appIn = null;
            appInDelivered = false;
        }
    }

    private void poisonSessionView() {
        if (sessionView != null) {
            sessionView.position(sessionView.limit());
            sessionView = null;
        }
    }

    private int readNet() throws IOException {
        if (!netIn.hasRemaining()) {
            netIn.clear();
        } else {
            netIn.compact();
        }
        int n;
        try {
            n = channel.read(netIn);
        } finally {
            netIn.flip();
        }
        if (n > 0 && netIn.remaining() == netIn.capacity() && engine != null) {
            int packet = engine.getSession().getPacketBufferSize();
            if (netIn.capacity() < packet) {
                ByteBuffer bigger = ByteBuffer.allocate(packet);
                bigger.put(netIn).flip();
                netIn = bigger;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- TLS

    private void startTls() throws IOException {
        engine = tls.isClient() ? tls.newClientEngine(peerHost, peerPort) : tls.newServerEngine();
        SSLSession s = engine.getSession();
        netIn = ByteBuffer.allocate(s.getPacketBufferSize()).flip();
        netOut = ByteBuffer.allocate(s.getPacketBufferSize()).flip();
        handshaking = true;
        readDeadline = 0;
        handshakeDeadline = deadline(settings.tlsHandshakeTimeout().toNanos());
        engine.beginHandshake();
    }

    /**
     * Advances the handshake as far as the socket allows.
     *
     * @return {@code true} once the handshake is finished
     */
    private boolean continueHandshake() throws IOException {
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK:
                    runDelegatedTasks();
                    break;
                case NEED_WRAP: {
                    if (!flushNetOut()) {
                        return false;
                    }
                    netOut.clear();
                    SSLEngineResult r;
                    try {
                        r = engine.wrap(EMPTY, netOut);
                    } finally {
                        netOut.flip();
                    }
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        flushNetOut();
                        throw new SSLHandshakeException("TLS closed during the handshake");
                    }
                    if (!flushNetOut()) {
                        return false;
                    }
                    break;
                }
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN: {
                    ByteBuffer in = inputBuffer(engine.getSession().getApplicationBufferSize());
                    SSLEngineResult r = netIn.hasRemaining() || engine.getHandshakeStatus()
                            == SSLEngineResult.HandshakeStatus.NEED_UNWRAP_AGAIN
                                    ? engine.unwrap(netIn, in) : null;
                    if (r == null || r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        int n = readNet();
                        if (n < 0) {
                            throw new SSLHandshakeException("connection closed during the TLS handshake");
                        }
                        if (n == 0) {
                            return false;
                        }
                    } else if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLHandshakeException("TLS closed during the handshake");
                    } else if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        growInput(engine.getSession().getApplicationBufferSize());
                    }
                    break;
                }
                case FINISHED:
                case NOT_HANDSHAKING:
                default:
                    handshakeFinished();
                    return true;
            }
        }
    }

    private void handshakeFinished() {
        handshaking = false;
        handshakeDeadline = 0;
        tlsSession = engine.getSession();
        if (session == null) {
            openSession();
        }
        // Application data decrypted with the last handshake flight stays in appIn until the
        // session asks for input (readInputTls hands it over first).
    }

    /** Handles handshake messages after the handshake (TLS 1.3 key updates, tickets). */
    private void handlePostHandshake(SSLEngineResult r) throws IOException {
        SSLEngineResult.HandshakeStatus hs = r.getHandshakeStatus();
        while (hs == SSLEngineResult.HandshakeStatus.NEED_TASK || hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
            } else {
                if (!flushNetOut()) {
                    return; // the wrap waits; flush() retries once writable
                }
                netOut.clear();
                try {
                    engine.wrap(EMPTY, netOut);
                } finally {
                    netOut.flip();
                }
                flushNetOut();
            }
            hs = engine.getHandshakeStatus();
        }
    }

    private void runDelegatedTasks() {
        // Delegated tasks are short CPU work (key exchange); running them inline keeps ordering.
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    // ---------------------------------------------------------------- output

    private void enqueue(ByteBuffer src) {
        int n = src.remaining();
        if (compression != null) {
            compression.queue(src, loop.pool());
        } else {
            loop.pool().append(outbound, src);
        }
        queued += n;
    }

    /** Writes as much as the socket takes, then performs a pending upgrade or close. */
    private void flush() throws IOException {
        if (compression != null && compression.hasPendingOutput()) {
            queued += compression.deflateInto(outbound, loop.pool());
        }
        boolean drained = engine != null && !handshaking ? flushTls() : handshaking ? flushNetOut() : flushPlain();
        if (writeBlocked && queued <= settings.writeLowWatermark()) {
            writeBlocked = false;
        }
        if (!drained || (handshaking && !outbound.isEmpty())) {
            if (writeDeadline == 0) {
                writeDeadline = deadline(settings.writeTimeout().toNanos());
            }
            return;
        }
        writeDeadline = 0;
        if (upgradePending && outbound.isEmpty()) {
            upgradePending = false;
            startTls();
        } else if (compressionPending && outbound.isEmpty()) {
            compressionPending = false;
            startCompression();
        } else if (closeAfterFlush && outbound.isEmpty()) {
            closeNow(closeCause);
        }
    }

    private boolean flushPlain() throws IOException {
        while (!outbound.isEmpty()) {
            int count = fillGather();
            long written = channel.write(gather, 0, count);
            if (written > 0) {
                writeDeadline = 0;
            }
            queued -= written;
            boolean complete = releaseWritten();
            java.util.Arrays.fill(gather, 0, count, null);
            if (!complete || written == 0) {
                return outbound.isEmpty();
            }
        }
        return true;
    }

    private boolean flushTls() throws IOException {
        while (true) {
            if (!flushNetOut()) {
                return false;
            }
            if (outbound.isEmpty()) {
                return true;
            }
            int count = fillGather();
            netOut.clear();
            SSLEngineResult r;
            try {
                r = engine.wrap(gather, 0, count, netOut);
            } finally {
                netOut.flip();
                java.util.Arrays.fill(gather, 0, count, null);
            }
            queued -= r.bytesConsumed();
            releaseWritten();
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("TLS closed while sending");
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2,
                        engine.getSession().getPacketBufferSize())).flip();
            }
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
            }
        }
    }

    /** Writes pending ciphertext; returns whether none is left. */
    private boolean flushNetOut() throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                return false;
            }
            writeDeadline = 0;
        }
        return true;
    }

    private int fillGather() {
        int count = 0;
        for (ByteBuffer b : outbound) {
            if (count == GATHER) {
                break;
            }
            gather[count++] = b;
        }
        return count;
    }

    /** Drops fully written chunks; returns whether every chunk offered was written. */
    private boolean releaseWritten() {
        while (!outbound.isEmpty()) {
            ByteBuffer head = outbound.peekFirst();
            if (head.hasRemaining()) {
                return false;
            }
            outbound.pollFirst();
            loop.pool().release(head);
        }
        return true;
    }

    private void updateInterest() {
        int ops = 0;
        if (!outbound.isEmpty() || (netOut != null && netOut.hasRemaining())) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (handshaking || (inputWanted && !writeBlocked && !closeAfterFlush && !upgradePending)) {
            ops |= SelectionKey.OP_READ;
        }
        setInterest(ops);
    }

    private void setInterest(int ops) {
        if (key != null && key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    // ---------------------------------------------------------------- endings

    private void timedOut(ConnectionTimeoutException.Kind kind) {
        readDeadline = 0;
        closeCause = new ConnectionTimeoutException(kind);
        // Let the session say its goodbye (421 4.4.2, * BYE), then close whatever it returns.
        inputWanted = false;
        try {
            session.receiveTimeout();
            pumpSession();
            closeAfterFlush = true;
            flush();
            if (phase == Phase.OPEN) {
                updateInterest();
            }
        } catch (IOException | RuntimeException e) {
            abort(closeCause);
        }
    }

    /** Asks the session to end politely because the server shuts down; loop thread. */
    void shutdownGracefully() {
        if (phase != Phase.OPEN || session == null) {
            abort(new ClosedChannelException());
            return;
        }
        session.receiveShutdown();
        if (inputWanted) {
            inputWanted = false; // let the session speak now
        }
        drive();
    }

    /** Runs a task on the loop without driving the session afterwards. */
    void executeOnLoop(Runnable task) {
        loop.execute(task);
    }

    /** Closes at once, without waiting for output to drain; loop thread. */
    void closeAbruptly() {
        abort(new ClosedChannelException());
    }

    private void abort(Throwable cause) {
        if (phase == Phase.CLOSED) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "closing " + remote + ": " + cause);
        if (engine != null && cause instanceof SSLException) {
            // Tell the peer why (a TLS alert) when the engine has one to send.
            try {
                engine.closeOutbound();
                handshaking = false;
                while (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP && flushNetOut()) {
                    netOut.clear();
                    SSLEngineResult r;
                    try {
                        r = engine.wrap(EMPTY, netOut);
                    } finally {
                        netOut.flip();
                    }
                    if (r.bytesProduced() == 0) {
                        break;
                    }
                }
                flushNetOut();
            } catch (IOException | RuntimeException ignored) {
                // best effort only
            }
        }
        closeNow(cause);
    }

    private void closeNow(Throwable cause) {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        if (engine != null && cause == null && !handshaking) {
            try {
                engine.closeOutbound(); // close_notify, RFC 8446 §6.1
                netOut.clear();
                try {
                    engine.wrap(EMPTY, netOut);
                } finally {
                    netOut.flip();
                }
                flushNetOut();
            } catch (IOException | RuntimeException ignored) {
                // the socket closes anyway
            }
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
        loop.removeTimed(this);
        if (compression != null) {
            compression.close(loop.pool());
        }
        for (ByteBuffer b : outbound) {
            loop.pool().release(b);
        }
        outbound.clear();
        queued = 0;
        poisonSessionView();
        loop.pool().release(appIn);
        appIn = null;
        if (onClosed != null) {
            onClosed.accept(this);
        }
        if (!ready.isDone()) {
            ready.completeExceptionally(cause != null ? cause : new ClosedChannelException());
        }
        if (cause == null) {
            closeFuture.complete(null);
        } else {
            closeFuture.completeExceptionally(cause);
        }
        try {
            handler.onClose(this, cause);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "onClose handler failed", e);
        }
    }

    // ---------------------------------------------------------------- Connection

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public boolean isSecure() {
        return tlsSession != null;
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return Optional.ofNullable(tlsSession);
    }

    @Override
    public void execute(Runnable task) {
        Runnable run = () -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                abort(e);
                return;
            }
            // The task may have given the session something to say (an answer, a client's next
            // command): ask it again even if it was waiting for input.
            awaitingApplication = false;
            if (inputWanted && !eof) {
                inputWanted = false;
            }
            drive();
        };
        if (loop.inLoop() && !driving) {
            run.run();
        } else {
            loop.execute(run);
        }
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        long nanos = delay.isNegative() ? 0 : delay.toNanos();
        loop.schedule(nanos, () -> execute(task));
    }

    @Override
    public <T> CompletableFuture<T> offload(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            blockingExecutor.execute(() -> {
                T value;
                try {
                    value = work.call();
                } catch (Throwable t) {
                    execute(() -> result.completeExceptionally(t));
                    return;
                }
                // Completed through execute(): stages that answer the session are followed by
                // a drive, which sends the answer.
                execute(() -> result.complete(value));
            });
        } catch (RejectedExecutionException e) {
            execute(() -> result.completeExceptionally(e));
        }
        return result;
    }

    @Override
    public long queuedOutboundBytes() {
        return queued;
    }

    @Override
    public void close() {
        loop.execute(() -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            if (phase == Phase.CONNECTING) {
                closeNow(new ClosedChannelException());
                return;
            }
            closeAfterFlush = true;
            inputWanted = false;
            try {
                flush();
                if (phase == Phase.OPEN) {
                    updateInterest();
                }
            } catch (IOException | RuntimeException e) {
                abort(e);
            }
        });
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    @Override
    public String toString() {
        return "Connection[" + remote + (isSecure() ? ", TLS" : "") + "]";
    }
}

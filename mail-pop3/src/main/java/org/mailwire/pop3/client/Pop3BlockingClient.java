// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.pop3.codec.Pop3Response;

/**
 * A blocking facade over {@link Pop3Client} for callers on ordinary threads: each method waits
 * for the answer at most the timeout given at connect time, then closes the connection (no QUIT,
 * so nothing is deleted) and throws {@link SocketTimeoutException}. A {@code -ERR} is thrown as
 * {@link Pop3ErrorException}; a refusal to go on without TLS as {@link Pop3TlsRequiredException}.
 *
 * <p>{@link #retrieve(int, OutputStream)} writes the content on the calling thread, so a slow
 * stream never blocks the event loop; the chunks in between are copies handed over a queue.
 */
public final class Pop3BlockingClient implements AutoCloseable {

    private final Pop3Client client;
    private final Duration timeout;

    private Pop3BlockingClient(Pop3Client client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * Connects with a configured builder ({@code startTls}, {@code implicitTls} or plaintext).
     *
     * @param builder    the asynchronous client's builder
     * @param address    the server's address
     * @param serverName the name the certificate must carry
     * @param timeout    the longest wait for any one answer
     * @return the connected client, ready to log in
     * @throws IOException if the connection, TLS or the greeting fails
     */
    public static Pop3BlockingClient connect(Pop3Client.Builder builder, InetSocketAddress address,
                                             String serverName, Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<Pop3Client> connecting = builder.connect(address, serverName);
        try {
            return new Pop3BlockingClient(await(connecting, timeout, null), timeout);
        } catch (IOException | RuntimeException e) {
            connecting.thenAccept(Pop3Client::close);
            throw e;
        }
    }

    /**
     * Returns the asynchronous client underneath.
     *
     * @return the client
     */
    public Pop3Client async() {
        return client;
    }

    /**
     * See {@link Pop3Client#capabilities()}.
     *
     * @return the capabilities
     */
    public Pop3Capabilities capabilities() {
        return client.capabilities();
    }

    /**
     * USER and PASS; see {@link Pop3Client#login}.
     *
     * @param user     the user name
     * @param password the password
     * @return the response
     * @throws IOException on a connection failure or timeout
     */
    public Pop3Response login(String user, Secret password) throws IOException {
        return get(client.login(user, password));
    }

    /**
     * The login the capabilities suggest; see {@link Pop3Client#authenticate(String, Secret)}.
     *
     * @param user     the user name
     * @param password the password
     * @return the response
     * @throws IOException on a connection failure or timeout
     */
    public Pop3Response authenticate(String user, Secret password) throws IOException {
        return get(client.authenticate(user, password));
    }

    /**
     * SASL; see {@link Pop3Client#authenticate(SaslCredentials)}.
     *
     * @param credentials a password or token
     * @return the response
     * @throws IOException on a connection failure or timeout
     */
    public Pop3Response authenticate(SaslCredentials credentials) throws IOException {
        return get(client.authenticate(credentials));
    }

    /**
     * APOP; see {@link Pop3Client#apop}.
     *
     * @param user   the user name
     * @param secret the shared secret
     * @return the response
     * @throws IOException on a connection failure or timeout
     */
    public Pop3Response apop(String user, Secret secret) throws IOException {
        return get(client.apop(user, secret));
    }

    /**
     * STAT.
     *
     * @return {@code [count, octets]}
     * @throws IOException on a connection failure or timeout
     */
    public long[] stat() throws IOException {
        return get(client.stat());
    }

    /**
     * LIST.
     *
     * @return message numbers and sizes
     * @throws IOException on a connection failure or timeout
     */
    public List<Pop3Client.Entry> list() throws IOException {
        return get(client.list());
    }

    /**
     * UIDL.
     *
     * @return message numbers and unique-ids
     * @throws IOException on a connection failure or timeout
     */
    public List<Pop3Client.Entry> uniqueIds() throws IOException {
        return get(client.uniqueIds());
    }

    /**
     * RETR, writing the dot-unstuffed content to {@code out} on this thread as it arrives.
     *
     * @param message the message number
     * @param out     where the content goes; not closed
     * @return the response
     * @throws IOException if {@code out} fails (the connection is then closed), on a connection
     *                     failure or timeout
     */
    public Pop3Response retrieve(int message, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        CompletableFuture<Pop3Response> done = client.retrieve(message, chunk -> {
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            chunks.add(copy);
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                byte[] chunk = chunks.poll(10, TimeUnit.MILLISECONDS);
                if (chunk != null) {
                    out.write(chunk);
                    deadline = System.nanoTime() + timeout.toNanos();
                } else if (done.isDone()) {
                    byte[] rest;
                    while ((rest = chunks.poll()) != null) {
                        out.write(rest);
                    }
                    return get(done);
                } else if (System.nanoTime() > deadline) {
                    client.close();
                    throw new SocketTimeoutException("no content for " + timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new InterruptedIOException("interrupted");
        } catch (IOException e) {
            client.close();
            throw e;
        }
    }

    /**
     * DELE.
     *
     * @param message the message number
     * @return the response
     * @throws IOException on a connection failure or timeout
     */
    public Pop3Response delete(int message) throws IOException {
        return get(client.delete(message));
    }

    /**
     * Download-and-delete; see {@link Pop3Client#downloadAndDelete}. The sink runs on the event
     * loop.
     *
     * @param sink receives the messages
     * @return the messages retrieved and marked deleted
     * @throws IOException on a connection failure or timeout
     */
    public List<Pop3Client.Entry> downloadAndDelete(Pop3Client.MessageSink sink) throws IOException {
        return get(client.downloadAndDelete(sink));
    }

    /**
     * Leave-on-server; see {@link Pop3Client#fetchNew}. The sink runs on the event loop.
     *
     * @param seen the unique-ids already fetched
     * @param sink receives the new messages
     * @return the new messages
     * @throws IOException on a connection failure or timeout
     */
    public List<Pop3Client.Entry> fetchNew(Set<String> seen, Pop3Client.MessageSink sink) throws IOException {
        return get(client.fetchNew(seen, sink));
    }

    /**
     * QUIT: the server applies the deletions.
     *
     * @return the response
     * @throws IOException on a connection failure or timeout
     */
    public Pop3Response quit() throws IOException {
        return get(client.quit());
    }

    /** Closes the connection without QUIT: nothing is deleted. */
    @Override
    public void close() {
        client.close();
    }

    private <T> T get(CompletableFuture<T> future) throws IOException {
        return await(future, timeout, client);
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout, Pop3Client client) throws IOException {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (client != null) {
                client.close();
            }
            throw new SocketTimeoutException("no answer within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (client != null) {
                client.close();
            }
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.mailwire.smtp.codec.SmtpReply;

/**
 * A blocking view of one {@link SmtpConnection}, for callers that prefer threads to futures:
 * each method waits for its reply and throws the client's typed exceptions (all
 * {@link IOException}s) instead of completing a future with them.
 *
 * <pre>{@code
 * try (SmtpBlockingClient smtp = SmtpBlockingClient.connect(client, "smtp.example.org", 587)) {
 *     smtp.send(transaction);
 *     smtp.quit();
 * }
 * }</pre>
 *
 * @see SmtpClient
 */
public final class SmtpBlockingClient implements AutoCloseable {

    private final SmtpConnection connection;

    private SmtpBlockingClient(SmtpConnection connection) {
        this.connection = connection;
    }

    /**
     * Connects to a host by name and waits until the connection is ready.
     *
     * @param client the client settings
     * @param host   the host name, also what TLS verifies
     * @param port   the port
     * @return the blocking client
     * @throws IOException a {@link SmtpClientException} if connecting failed
     */
    public static SmtpBlockingClient connect(SmtpClient client, String host, int port) throws IOException {
        return new SmtpBlockingClient(await(client.connect(host, port)));
    }

    /**
     * Connects to an address and waits until the connection is ready.
     *
     * @param client     the client settings
     * @param address    the resolved address
     * @param serverName the name TLS verifies
     * @return the blocking client
     * @throws IOException a {@link SmtpClientException} if connecting failed
     */
    public static SmtpBlockingClient connect(SmtpClient client, InetSocketAddress address, String serverName)
            throws IOException {
        return new SmtpBlockingClient(await(client.connect(address, serverName)));
    }

    /**
     * Returns the connection underneath, for its capabilities and TLS state.
     *
     * @return the asynchronous connection
     */
    public SmtpConnection connection() {
        return connection;
    }

    /**
     * Returns the server's extensions.
     *
     * @return the capabilities
     */
    public SmtpCapabilities capabilities() {
        return connection.capabilities();
    }

    /**
     * Sends one transaction and waits for its result.
     *
     * @param transaction the transaction
     * @return the result
     * @throws IOException a {@link SmtpClientException} saying what failed
     */
    public SmtpTransactionResult send(SmtpTransaction transaction) throws IOException {
        return await(connection.send(Objects.requireNonNull(transaction, "transaction")));
    }

    /**
     * Sends RSET.
     *
     * @return the reply
     * @throws IOException a {@link SmtpClientException} if it failed
     */
    public SmtpReply reset() throws IOException {
        return await(connection.reset());
    }

    /**
     * Sends NOOP.
     *
     * @return the reply
     * @throws IOException a {@link SmtpClientException} if it failed
     */
    public SmtpReply noop() throws IOException {
        return await(connection.noop());
    }

    /**
     * Sends QUIT and waits for the reply.
     *
     * @return the reply
     * @throws IOException a {@link SmtpClientException} if it failed
     */
    public SmtpReply quit() throws IOException {
        return await(connection.quit());
    }

    /** Closes the connection (without QUIT if {@link #quit()} was not called). */
    @Override
    public void close() {
        connection.close();
    }

    private static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new InterruptedIOException("interrupted while waiting for the server");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.codec.ResponseCode;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.Section;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.StoreAction;
import org.mailwire.imap.types.Tag;

/**
 * A blocking view of an {@link ImapClient}: each call waits for its command's tagged response and
 * throws what the future would fail with ({@link ImapCommandException} for NO and BAD,
 * {@link ImapProtocolException}, {@link ImapTlsRequiredException}, or another
 * {@link IOException}). Not for use on the client's event loop (from a listener or sink).
 */
public final class ImapBlockingClient implements AutoCloseable {

    private final ImapClient client;

    /**
     * Wraps an asynchronous client.
     *
     * @param client the client
     */
    public ImapBlockingClient(ImapClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Returns the asynchronous client underneath, e.g. to pipeline.
     *
     * @return the client
     */
    public ImapClient async() {
        return client;
    }

    private static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = ImapClient.unwrap(e);
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(cause);
        }
    }

    /**
     * Logs in with LOGIN; see {@link ImapClient#login}.
     *
     * @param user     the user
     * @param password the password
     * @throws IOException as described in the class
     */
    public void login(String user, Secret password) throws IOException {
        await(client.login(user, password));
    }

    /**
     * Authenticates with SASL; see {@link ImapClient#authenticate(SaslCredentials)}.
     *
     * @param credentials the credentials
     * @throws IOException as described in the class
     */
    public void authenticate(SaslCredentials credentials) throws IOException {
        await(client.authenticate(credentials));
    }

    /**
     * Sends any command; see {@link ImapClient#execute}.
     *
     * @param command builds the command from its tag
     * @return the result
     * @throws IOException as described in the class
     */
    public ImapResult execute(Function<Tag, ImapCommand> command) throws IOException {
        return await(client.execute(command));
    }

    /**
     * Selects a mailbox; see {@link ImapClient#select(MailboxName)}.
     *
     * @param mailbox the mailbox
     * @return what the server reported
     * @throws IOException as described in the class
     */
    public SelectedMailbox select(MailboxName mailbox) throws IOException {
        return await(client.select(mailbox));
    }

    /**
     * Lists mailboxes; see {@link ImapClient#list}.
     *
     * @param reference the reference
     * @param pattern   the pattern
     * @return the mailboxes
     * @throws IOException as described in the class
     */
    public List<ImapResponse.ListMailbox> list(String reference, String pattern) throws IOException {
        return await(client.list(reference, pattern));
    }

    /**
     * Fetches items; see {@link ImapClient#fetch}.
     *
     * @param uid   {@code true} for UID FETCH
     * @param set   the messages
     * @param items the items
     * @return the FETCH responses
     * @throws IOException as described in the class
     */
    public List<ImapResponse.Fetch> fetch(boolean uid, SequenceSet set, FetchItem... items) throws IOException {
        return await(client.fetch(uid, set, items));
    }

    /**
     * Streams a body section; see {@link ImapClient#fetchBody}.
     *
     * @param uid     the UID
     * @param section the section
     * @param sink    receives the octets
     * @return the octets delivered
     * @throws IOException as described in the class
     */
    public long fetchBody(long uid, Section section, Consumer<ByteBuffer> sink) throws IOException {
        return await(client.fetchBody(uid, section, sink));
    }

    /**
     * Changes flags; see {@link ImapClient#store}.
     *
     * @param uid    {@code true} for UID STORE
     * @param set    the messages
     * @param action the change
     * @return the FETCH responses
     * @throws IOException as described in the class
     */
    public List<ImapResponse.Fetch> store(boolean uid, SequenceSet set, StoreAction action) throws IOException {
        return await(client.store(uid, set, action));
    }

    /**
     * Searches; see {@link ImapClient#search}.
     *
     * @param uid  {@code true} for UID SEARCH
     * @param keys the keys
     * @return the numbers found
     * @throws IOException as described in the class
     */
    public List<Long> search(boolean uid, SearchKey... keys) throws IOException {
        return await(client.search(uid, keys));
    }

    /**
     * Appends a message from memory; see {@link ImapClient#append(MailboxName, List, byte[])}.
     *
     * @param mailbox the mailbox
     * @param flags   the flags
     * @param message the message
     * @return the APPENDUID values, if any
     * @throws IOException as described in the class
     */
    public Optional<ResponseCode.AppendUid> append(MailboxName mailbox, List<Flag> flags, byte[] message)
            throws IOException {
        return await(client.append(mailbox, flags, message));
    }

    /**
     * Appends a message from a file; see {@link ImapClient#append(MailboxName, List, Path)}.
     *
     * @param mailbox the mailbox
     * @param flags   the flags
     * @param file    the message
     * @return the APPENDUID values, if any
     * @throws IOException as described in the class
     */
    public Optional<ResponseCode.AppendUid> append(MailboxName mailbox, List<Flag> flags, Path file)
            throws IOException {
        try {
            return await(client.append(mailbox, flags, file));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Synchronises a mailbox; see {@link ImapClient#synchronize}.
     *
     * @param mailbox the mailbox
     * @param last    what the caller last saw
     * @return the changes
     * @throws IOException as described in the class
     */
    public SyncResult synchronize(MailboxName mailbox, SyncState last) throws IOException {
        return await(client.synchronize(mailbox, last));
    }

    /**
     * Sends NOOP.
     *
     * @throws IOException as described in the class
     */
    public void noop() throws IOException {
        await(client.noop());
    }

    /**
     * Sends LOGOUT; the connection closes.
     *
     * @throws IOException as described in the class
     */
    public void logout() throws IOException {
        await(client.logout());
    }

    /** Closes the connection without LOGOUT. */
    @Override
    public void close() {
        client.close();
    }
}

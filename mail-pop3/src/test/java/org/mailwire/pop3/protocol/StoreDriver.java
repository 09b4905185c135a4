// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.mailwire.core.Secret;
import org.mailwire.core.protocol.Step;
import org.mailwire.core.sasl.AuthenticationResult;
import org.mailwire.core.sasl.SaslFailureReason;
import org.mailwire.pop3.server.Pop3Server;
import org.mailwire.store.Flag;
import org.mailwire.store.FlagOperation;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MaildropLock;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.MessageSource;
import org.mailwire.store.UidSet;
import org.mailwire.store.UserMailboxes;

/**
 * Drives a {@link Pop3ServerSession} with no sockets, answering its events at once from an
 * in-memory store, the way {@code Pop3Server} does asynchronously.
 */
public final class StoreDriver {

    final MailStore store;
    final Map<String, String> apopSecrets = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    Pop3ServerSession session;
    public boolean closed;
    int upgrades;
    int contentReads;
    private MaildropLock lock;
    private Mailbox mailbox;
    private InputStream stream;
    private final byte[] chunk;

    public StoreDriver(int chunkSize) {
        this(MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1).withScramIterations(4096)),
                chunkSize);
    }

    StoreDriver(MailStore store, int chunkSize) {
        this.store = store;
        this.chunk = new byte[chunkSize];
    }

    public StoreDriver() {
        this(16 * 1024);
    }

    public void user(String name, String password) {
        try {
            store.createUser(name, Secret.of(password));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        apopSecrets.put(name, password);
    }

    /** Splits at each occurrence of a literal separator (no regular expressions); a trailing empty part is dropped. */
    static String[] split(String text, String separator) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        int at = 0;
        while (true) {
            int next = text.indexOf(separator, at);
            if (next < 0) {
                parts.add(text.substring(at));
                break;
            }
            parts.add(text.substring(at, next));
            at = next + separator.length();
        }
        if (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        return parts.toArray(new String[0]);
    }

    public StoreDriver withUser(String name, String password, String... messages) {
        user(name, password);
        for (String m : messages) {
            message(name, m);
        }
        return this;
    }

    long message(String user, String content) {
        try {
            Mailbox inbox = store.mailboxes(user).open(UserMailboxes.INBOX);
            return inbox.append(MessageSource.of(content.getBytes(StandardCharsets.UTF_8)), Flags.none(),
                    Instant.EPOCH).uid();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    long uidValidity(String user) {
        try {
            return store.mailboxes(user).open(UserMailboxes.INBOX).status().uidValidity();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public int count(String user) {
        try {
            return store.mailboxes(user).open(UserMailboxes.INBOX).messages().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public StoreDriver start(Pop3SessionSettings settings) {
        session = new Pop3ServerSession(settings);
        pump();
        return this;
    }

    /** Sends bytes (after the session asked for input) and runs the session until it wants more. */
    public StoreDriver send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public StoreDriver send(byte[] bytes) {
        if (closed) {
            throw new IllegalStateException("session closed");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        session.receive(in);
        pump();
        return this;
    }

    void eof() {
        session.receiveEof();
        pump();
        releaseAll();
    }

    /** Takes what the session wrote so far. */
    public String output() {
        String s = out.toString(StandardCharsets.UTF_8);
        out.reset();
        return s;
    }

    void releaseAll() {
        closeStream();
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    void pump() {
        while (!closed) {
            Step<Pop3Event> step = session.next();
            if (step instanceof Step.Write<Pop3Event> w) {
                ByteBuffer b = w.bytes();
                byte[] copy = new byte[b.remaining()];
                b.get(copy);
                out.writeBytes(copy);
            } else if (step instanceof Step.Event<Pop3Event> e) {
                handle(e.event());
            } else if (step instanceof Step.NeedInput<Pop3Event>) {
                return;
            } else if (step instanceof Step.AwaitApplication<Pop3Event>) {
                throw new IllegalStateException("session waits although every event was answered");
            } else if (step instanceof Step.UpgradeTls<Pop3Event>) {
                upgrades++;
            } else if (step instanceof Step.Close<Pop3Event>) {
                closed = true;
                releaseAll();
            }
        }
    }

    private void handle(Pop3Event event) {
        try {
            if (event instanceof Pop3Event.CheckPassword p) {
                AuthenticationResult r = store.authenticator().verifyPassword(p.user(), p.password())
                        .toCompletableFuture().join();
                if (r instanceof AuthenticationResult.Authenticated a) {
                    session.loginAccepted(a.authenticationId());
                } else {
                    session.loginRejected(((AuthenticationResult.Rejected) r).reason());
                }
            } else if (event instanceof Pop3Event.CheckApop a) {
                String secret = apopSecrets.get(a.user());
                if (secret != null && Pop3Server.apopDigest(a.timestamp(), Secret.of(secret)).equals(a.digest())) {
                    session.loginAccepted(a.user());
                } else {
                    session.loginRejected(SaslFailureReason.INVALID_CREDENTIALS);
                }
            } else if (event instanceof Pop3Event.SaslPending s) {
                session.saslStep(s.step().toCompletableFuture().join());
            } else if (event instanceof Pop3Event.OpenMaildrop o) {
                Optional<MaildropLock> l = store.tryLockMaildrop(o.user());
                if (l.isEmpty()) {
                    session.maildropInUse();
                    return;
                }
                lock = l.get();
                mailbox = store.mailboxes(o.user()).open(UserMailboxes.INBOX);
                java.util.List<Pop3Maildrop.Message> messages = new java.util.ArrayList<>();
                for (MessageInfo m : mailbox.messages()) {
                    messages.add(new Pop3Maildrop.Message(m.uid(), m.size()));
                }
                session.maildropOpened(new Pop3Maildrop(mailbox.status().uidValidity(), messages));
            } else if (event instanceof Pop3Event.OpenContent o) {
                stream = mailbox.openContent(o.uid());
                deliver();
            } else if (event instanceof Pop3Event.ReadContent) {
                deliver();
            } else if (event instanceof Pop3Event.CloseContent) {
                closeStream();
            } else if (event instanceof Pop3Event.Commit c) {
                if (!c.deleted().isEmpty()) {
                    mailbox.storeFlags(UidSet.of(c.deleted()), FlagOperation.ADD, Flags.of(Flag.DELETED),
                            OptionalLong.empty());
                    mailbox.expunge(UidSet.of(c.deleted()));
                }
                lock.close();
                lock = null;
                session.committed();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void deliver() throws IOException {
        contentReads++;
        int n = stream.readNBytes(chunk, 0, chunk.length);
        if (n > 0) {
            session.content(ByteBuffer.wrap(chunk, 0, n));
        } else {
            closeStream();
            session.contentEnd();
        }
    }

    private void closeStream() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // Test helper: nothing to do.
            }
            stream = null;
        }
    }
}

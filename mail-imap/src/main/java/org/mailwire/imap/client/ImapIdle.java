// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import java.util.concurrent.CompletableFuture;

/**
 * An IDLE under way (RFC 2177, RFC 9051 §6.3.13): the server pushes mailbox changes to the
 * listener given to {@link ImapClient#idle}, and the client ends and re-issues the IDLE on its
 * own before servers' inactivity timers fire, until {@link #done()}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2177">RFC 2177</a>
 */
public final class ImapIdle {

    private final ImapClient client;
    private final MailboxListener listener;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    /** Only touched on the event loop. */
    private boolean stopping;
    private volatile int rounds;

    ImapIdle(ImapClient client, MailboxListener listener) {
        this.client = client;
        this.listener = listener;
    }

    CompletableFuture<Void> started() {
        return started;
    }

    /** Sends one IDLE and arranges its end: on {@link #done()} or at the re-issue interval. */
    void issue() {
        int round = ++rounds;
        client.sendIdle(() -> {
            started.complete(null);
            if (stopping) {
                client.sendDone();
                return;
            }
            client.schedule(client.idleReissue(), () -> {
                if (!stopping && rounds == round) {
                    client.sendDone();
                }
            });
        }).whenComplete((r, e) -> {
            if (e != null) {
                client.removeListener(listener);
                started.completeExceptionally(ImapClient.unwrap(e));
                ended.completeExceptionally(ImapClient.unwrap(e));
            } else if (stopping) {
                client.removeListener(listener);
                ended.complete(null);
            } else {
                issue(); // the interval elapsed: IDLE again at once
            }
        });
    }

    /**
     * Ends the IDLE with {@code DONE} (RFC 2177 §3).
     *
     * @return completes with the IDLE's tagged OK; other commands may follow then
     */
    public CompletableFuture<Void> done() {
        client.runOnLoop(() -> {
            if (!stopping) {
                stopping = true;
                client.sendDone();
            }
        });
        return ended;
    }

    /**
     * Returns how many IDLE commands this idle has issued: 1, plus one per re-issue.
     *
     * @return the count
     */
    public int rounds() {
        return rounds;
    }
}

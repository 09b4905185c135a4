// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.imap;

import java.net.InetSocketAddress;
import org.mailwire.core.Secret;
import org.mailwire.core.net.ConnectionLimits;
import org.mailwire.imap.server.ImapServer;
import org.mailwire.imap.server.ImapServerSettings;
import org.mailwire.smtp.server.SmtpServer;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;

/**
 * The server side of the IDLE scale run (benchmarks/imap-idle-scale.sh): an {@link ImapServer}
 * and an {@link SmtpServer} delivering into one in-memory store, user {@code alice}. Prints
 * {@code READY <imap port> <smtp port> <stats port>} and runs until killed; a connection to the
 * stats port answers the live heap in KiB after a full collection.
 *
 * <p>Plaintext LOGIN on loopback, and PBKDF2 at 1,000 iterations: the run measures holding
 * connections, not TLS handshakes or password hashing (10,000 logins at the default 600,000
 * iterations would take minutes of CPU on any server).
 */
public final class ImapIdleScaleServer {

    private ImapIdleScaleServer() {
    }

    /**
     * Starts the servers.
     *
     * @param args the connection limit (default 20,000)
     * @throws Exception if a server cannot start
     */
    public static void main(String[] args) throws Exception {
        int limit = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        MailStore store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice", Secret.of("secret"));
        ImapServer imap = ImapServer.builder().bind(new InetSocketAddress("127.0.0.1", 0)).store(store)
                .settings(ImapServerSettings.defaults().withAllowPlaintextWithoutTls(true))
                .connectionLimits(new ConnectionLimits(limit, limit)).start();
        SmtpServer smtp = SmtpServer.builder().listen("127.0.0.1", 0).deliverTo(store).localDomains("example.test")
                .start();
        java.net.ServerSocket control = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        Thread stats = new Thread(() -> {
            while (true) {
                try (java.net.Socket s = control.accept()) {
                    // After two full collections: the live heap, which RSS (committed memory) hides.
                    System.gc();
                    System.gc();
                    Runtime r = Runtime.getRuntime();
                    long used = (r.totalMemory() - r.freeMemory()) / 1024;
                    s.getOutputStream().write((used + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                    return;
                }
            }
        }, "stats");
        stats.setDaemon(true);
        stats.start();
        System.out.println("READY " + imap.address().getPort() + " " + smtp.address().getPort() + " "
                + control.getLocalPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}

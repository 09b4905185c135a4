// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.smtp;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import org.mailwire.core.net.ConnectionLimits;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.smtp.server.MessageReceiver;
import org.mailwire.smtp.server.SmtpEnvelope;
import org.mailwire.smtp.server.SmtpHandler;
import org.mailwire.smtp.server.SmtpPeer;
import org.mailwire.smtp.server.SmtpServer;
import org.mailwire.store.MailStore;
import org.subethamail.smtp.server.SMTPServer;

/**
 * One SMTP server for {@code benchmarks/smtp-load.sh} to drive with Postfix's {@code smtp-source}:
 * {@code java -cp benchmarks.jar org.mailwire.bench.smtp.SmtpLoadServer KIND PORT}, where KIND is
 * {@code mailwire-discard} (a handler that drops every message), {@code mailwire-store} (delivery
 * to {@code MailStore.inMemory()}, user {@code bench@example.test}), {@code greenmail} or
 * {@code subethasmtp} (a listener that drops every message). It listens on 127.0.0.1, prints
 * {@code ready} once it accepts connections, and at exit (SIGTERM) prints the heap in use after a
 * full collection.
 */
public final class SmtpLoadServer {

    private SmtpLoadServer() {
    }

    /**
     * Starts the server and waits to be killed.
     *
     * @param args KIND and PORT
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SmtpLoadServer mailwire-discard|mailwire-store|greenmail|subethasmtp PORT");
            System.exit(2);
        }
        String kind = args[0];
        int port = Integer.parseInt(args[1]);
        AutoCloseable server = switch (kind) {
            case "mailwire-discard" -> mailwire(port, null);
            case "mailwire-store" -> {
                MailStore store = MailStore.inMemory();
                store.createUser("bench@example.test", org.mailwire.core.Secret.of("unused-password"));
                yield mailwire(port, store);
            }
            case "greenmail" -> {
                GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
                greenMail.start();
                yield greenMail::stop;
            }
            case "subethasmtp" -> {
                SMTPServer subetha = SMTPServer.port(port).bindAddress(InetAddress.getLoopbackAddress()).backlog(1024)
                        .maxConnections(10_000).messageHandler((context, from, to, data) -> { }).build();
                subetha.start();
                yield subetha::stop;
            }
            default -> throw new IllegalArgumentException("unknown server kind " + kind);
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Runtime runtime = Runtime.getRuntime();
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long used = runtime.totalMemory() - runtime.freeMemory();
            System.out.printf("heap-after-gc-mib %.1f%n", used / 1048576.0);
            System.out.flush();
            try {
                server.close();
            } catch (Exception e) {
                // exiting anyway
            }
        }));
        System.out.println("ready");
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static AutoCloseable mailwire(int port, MailStore store) throws Exception {
        SmtpServer.Builder builder = SmtpServer.builder().listen("127.0.0.1", port).hostName("mailwire.example.test")
                .localDomains("example.test").connectionLimits(new ConnectionLimits(10_000, 10_000));
        return store != null ? builder.deliverTo(store).start() : builder.handler(new Discard()).start();
    }

    /** Accepts every message and keeps nothing. */
    private static final class Discard implements SmtpHandler, MessageReceiver {
        private static final CompletableFuture<SmtpReply> STORED =
                CompletableFuture.completedFuture(SmtpReply.of(250, "2.0.0", "Discarded"));

        @Override
        public CompletionStage<MessageReceiver> message(SmtpPeer peer, SmtpEnvelope envelope) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public void accept(ByteBuffer chunk) {
            chunk.position(chunk.limit());
        }

        @Override
        public CompletionStage<SmtpReply> complete() {
            return STORED;
        }
    }
}

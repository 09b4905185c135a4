// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.testfixtures;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Interop tests need peer programs nobody here wrote (curl, swaks, Dovecot...). In CI
 * ({@code CI=true}) a missing peer fails the test, since scripts/install-test-peers installs
 * them; on a developer's machine the test is skipped with the reason.
 */
public final class Peers {

    private Peers() {
    }

    /**
     * Fails (CI) or skips (elsewhere) unless the peer is present.
     *
     * @param present whether the peer is there
     * @param what    what is missing, for the message
     */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(what + " (scripts/install-test-peers installs it)");
        }
        Assumptions.assumeTrue(false, what);
    }

    /**
     * Tells whether a program runs with the given arguments and exits 0.
     *
     * @param command the program and its arguments
     * @return {@code true} if it ran and succeeded
     */
    public static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits up to 30 s until a peer server started by a test greets with the prefix.
     *
     * @param process the peer's process, which must stay alive
     * @param address where it listens
     * @param prefix  how its greeting starts, for example {@code +OK} or {@code 220}
     * @param logs    its logs, for the failure message
     * @throws Exception if it exits or does not greet in time
     */
    public static void awaitGreeting(Process process, InetSocketAddress address, String prefix, Supplier<String> logs)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the peer exited: " + logs.get());
            }
            try (Socket s = new Socket(address.getAddress(), address.getPort())) {
                s.setSoTimeout(5000);
                byte[] greeting = s.getInputStream().readNBytes(prefix.length());
                if (new String(greeting, StandardCharsets.US_ASCII).equals(prefix)) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no greeting within 30 s: " + logs.get());
    }

    /**
     * What a peer program printed and how it exited.
     *
     * @param exit   the exit status
     * @param stdout its standard output
     * @param stderr its standard error, as text
     */
    public record Result(int exit, byte[] stdout, String stderr) {

        /**
         * Returns both outputs as text, for assertion messages.
         *
         * @return standard output then standard error
         */
        public String output() {
            return new String(stdout, StandardCharsets.UTF_8) + stderr;
        }
    }

    /**
     * Runs a peer program to its end (a minute at most) and collects its outputs. Standard error
     * goes through a file, so a peer that writes much of it cannot block on a full pipe.
     *
     * @param command the program and its arguments
     * @return what it printed and its exit status
     * @throws IOException          if it cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(List<String> command) throws IOException, InterruptedException {
        java.nio.file.Path errors = java.nio.file.Files.createTempFile("peer", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            byte[] stdout = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("peer hung: " + command);
            }
            return new Result(p.exitValue(), stdout, java.nio.file.Files.readString(errors, StandardCharsets.UTF_8));
        } finally {
            java.nio.file.Files.deleteIfExists(errors);
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * How interop tests treat a missing peer program: in CI ({@code CI=true}) the test fails, so a
 * green CI always means the peer ran; on a developer's machine it is skipped with the reason.
 * (The pattern of mail-dns's resolver tests.)
 */
final class Peers {

    private Peers() {
    }

    static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(what + " (scripts/install-test-peers installs it)");
        }
        Assumptions.assumeTrue(false, what);
    }

    /** What a peer program printed and how it exited. */
    record Result(int exit, byte[] stdout, String stderr) {

        /** Both outputs as text, for assertion messages. */
        String output() {
            return new String(stdout, StandardCharsets.UTF_8) + stderr;
        }
    }

    /** Runs a peer program to its end (a minute at most) and collects its outputs. */
    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        byte[] stderr = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("peer hung: " + command);
        }
        return new Result(p.exitValue(), stdout, new String(stderr, StandardCharsets.UTF_8));
    }

    /** Tells whether a program runs with the given arguments and exits with 0. */
    static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

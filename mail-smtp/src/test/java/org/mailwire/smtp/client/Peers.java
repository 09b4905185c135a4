// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * How interop tests treat a missing peer program: in CI ({@code CI=true}) the test fails, so a
 * green CI always means the peer ran; on a developer's machine it is skipped with the reason.
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

    /** Tells whether a program runs with the given arguments and exits 0. */
    static boolean runs(String... command) {
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
}

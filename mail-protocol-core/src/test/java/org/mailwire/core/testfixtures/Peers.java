// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.testfixtures;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
}

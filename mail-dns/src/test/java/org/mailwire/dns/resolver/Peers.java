// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

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
}

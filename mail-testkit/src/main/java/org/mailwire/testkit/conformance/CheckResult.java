// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import java.util.Objects;

/**
 * The outcome of one {@link Check} against one server.
 *
 * @param check   the check
 * @param outcome passed, failed, or not applicable
 * @param detail  what was seen: the offending reply on failure, the reason when skipped
 */
public record CheckResult(Check check, Outcome outcome, String detail) {

    /** Whether a check passed. */
    public enum Outcome {
        /** The server did what the RFC requires. */
        PASS,
        /** The server did not; the detail says what it did. */
        FAIL,
        /** The check does not apply (an extension not offered, no credentials given). */
        SKIPPED
    }

    /** Checks that nothing is null. */
    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}

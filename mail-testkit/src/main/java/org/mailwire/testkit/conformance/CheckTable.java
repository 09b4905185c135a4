// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of a suite with the code of each, and the verdicts a check's code throws. A check
 * passes when its code returns, fails on {@link Failed} or on an I/O error, and is skipped on
 * {@link Skipped}.
 */
final class CheckTable {

    /** The code of one check. */
    @FunctionalInterface
    interface Body {
        void run() throws IOException;
    }

    /** Thrown by a check's code when the server broke the requirement. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown by a check's code when the check does not apply. */
    static final class Skipped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Skipped(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<Check, Body> bodies = new LinkedHashMap<>();

    void add(String name, String rfcSection, String requirement, Body body) {
        bodies.put(new Check(name, rfcSection, requirement), body);
    }

    List<Check> checks() {
        return new ArrayList<>(bodies.keySet());
    }

    CheckResult run(Check check) {
        Body body = bodies.get(check);
        if (body == null) {
            throw new IllegalArgumentException("not a check of this suite: " + check.name());
        }
        try {
            body.run();
            return new CheckResult(check, CheckResult.Outcome.PASS, "");
        } catch (Failed f) {
            return new CheckResult(check, CheckResult.Outcome.FAIL, f.getMessage());
        } catch (Skipped s) {
            return new CheckResult(check, CheckResult.Outcome.SKIPPED, s.getMessage());
        } catch (SocketTimeoutException e) {
            return new CheckResult(check, CheckResult.Outcome.FAIL, "no reply in time");
        } catch (IOException e) {
            return new CheckResult(check, CheckResult.Outcome.FAIL, "connection: " + e.getMessage());
        }
    }

    static Failed fail(String message) {
        return new Failed(message);
    }

    static void expect(boolean condition, String otherwise) {
        if (!condition) {
            throw new Failed(otherwise);
        }
    }

    static Skipped skip(String reason) {
        return new Skipped(reason);
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Runs a suite from JUnit 5: one dynamic test per check, named by the check and its RFC section,
 * failing with the server's offending reply, and aborted (reported as skipped) when the check
 * does not apply.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> smtpConformance() {
 *     return ConformanceTests.of(SmtpConformance.of(ConformanceTarget.of("127.0.0.1", 2525)));
 * }
 * }</pre>
 */
public final class ConformanceTests {

    private ConformanceTests() {
    }

    /**
     * Returns one dynamic test per check of the suite.
     *
     * @param suite the suite
     * @return the tests, for a {@code @TestFactory} method
     */
    public static Stream<DynamicTest> of(ConformanceSuite suite) {
        return suite.checks().stream().map(check -> DynamicTest.dynamicTest(
                check.name() + " (" + check.rfcSection() + ")", () -> {
                    CheckResult result = suite.run(check);
                    switch (result.outcome()) {
                        case PASS -> { }
                        case FAIL -> throw new AssertionFailedError(check.name() + " (" + check.rfcSection() + "): "
                                + check.requirement() + "; " + result.detail());
                        case SKIPPED -> throw new TestAbortedException(result.detail());
                        default -> throw new IllegalStateException(result.outcome().toString());
                    }
                }));
    }
}

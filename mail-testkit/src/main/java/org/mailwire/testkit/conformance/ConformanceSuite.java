// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of checks of one protocol against one server, made by {@link SmtpConformance#of} or
 * {@link Pop3Conformance#of}. Each check opens its own connection, so one failure does not spoil
 * the next.
 */
public final class ConformanceSuite {

    private final String protocol;
    private final ConformanceTarget target;
    private final CheckTable table;

    ConformanceSuite(String protocol, ConformanceTarget target, CheckTable table) {
        this.protocol = protocol;
        this.target = target;
        this.table = table;
    }

    /**
     * Returns the protocol's name, for example {@code SMTP}.
     *
     * @return the name
     */
    public String protocol() {
        return protocol;
    }

    /**
     * Returns the server checked.
     *
     * @return the target
     */
    public ConformanceTarget target() {
        return target;
    }

    /**
     * Returns the checks, in the order they run.
     *
     * @return the checks
     */
    public List<Check> checks() {
        return table.checks();
    }

    /**
     * Runs one check.
     *
     * @param check one of {@link #checks()}
     * @return its result; never throws for what the server does
     */
    public CheckResult run(Check check) {
        return table.run(check);
    }

    /**
     * Runs every check.
     *
     * @return the report
     */
    public ConformanceReport run() {
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks()) {
            results.add(run(check));
        }
        return new ConformanceReport(protocol, target.toString(), results);
    }
}

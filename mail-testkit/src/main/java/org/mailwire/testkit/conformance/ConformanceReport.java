// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import java.util.List;

/**
 * The results of a conformance suite against one server, in the suite's order, printable as a
 * plain-text or Markdown table.
 *
 * @param protocol the protocol, for example {@code SMTP}
 * @param target   the server, {@code host:port}
 * @param results  one result per check
 */
public record ConformanceReport(String protocol, String target, List<CheckResult> results) {

    /** Copies the results. */
    public ConformanceReport {
        results = List.copyOf(results);
    }

    /**
     * Counts the results with an outcome.
     *
     * @param outcome the outcome
     * @return how many
     */
    public long count(CheckResult.Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /**
     * Tells whether no check failed.
     *
     * @return {@code true} if every check passed or was skipped
     */
    public boolean passed() {
        return count(CheckResult.Outcome.FAIL) == 0;
    }

    /**
     * Returns the report as aligned plain text, one line per check, then a summary line.
     *
     * @return the text
     */
    @Override
    public String toString() {
        int width = results.stream().mapToInt(r -> r.check().name().length()).max().orElse(10);
        int rfcWidth = results.stream().mapToInt(r -> r.check().rfcSection().length()).max().orElse(10);
        StringBuilder out = new StringBuilder(protocol).append(" conformance of ").append(target).append('\n');
        for (CheckResult r : results) {
            out.append(String.format("%-7s %-" + width + "s  %-" + rfcWidth + "s  %s%n", r.outcome(), r.check().name(),
                    r.check().rfcSection(), r.detail().isEmpty() ? r.check().requirement() : r.detail()));
        }
        return out.append(summary()).append('\n').toString();
    }

    /**
     * Returns the report as a Markdown table (check, RFC section, outcome, detail).
     *
     * @return the table
     */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder("| check | RFC | result | detail |\n| --- | --- | --- | --- |\n");
        for (CheckResult r : results) {
            out.append("| ").append(r.check().name()).append(" | ").append(r.check().rfcSection()).append(" | ")
                    .append(r.outcome()).append(" | ").append(r.detail().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    /**
     * Returns one line: how many checks passed, failed and were skipped.
     *
     * @return the summary
     */
    public String summary() {
        return count(CheckResult.Outcome.PASS) + " passed, " + count(CheckResult.Outcome.FAIL) + " failed, "
                + count(CheckResult.Outcome.SKIPPED) + " skipped";
    }
}

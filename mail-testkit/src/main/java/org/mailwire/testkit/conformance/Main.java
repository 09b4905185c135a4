// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Runs a conformance suite from the command line and prints the report:
 * {@code java -cp ... org.mailwire.testkit.conformance.Main smtp 127.0.0.1 2525 [--recipient a@b]
 * [--user u --password p] [--timeout seconds] [--markdown]}. The exit status is 0 when no check
 * failed, 1 when one did, 2 on a usage error.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the suite the arguments name.
     *
     * @param args protocol, host, port, then options
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the suite the arguments name, printing to the given streams.
     *
     * @param args protocol ({@code smtp}, {@code pop3} or {@code imap}), host, port, then options
     * @param out  where the report goes
     * @param err  where usage errors go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 3) {
            return usage(err, "protocol, host and port are required");
        }
        ConformanceTarget target;
        try {
            target = ConformanceTarget.of(args[1], Integer.parseInt(args[2]));
        } catch (IllegalArgumentException e) {
            return usage(err, "bad port: " + args[2]);
        }
        boolean markdown = false;
        String user = null;
        String password = null;
        for (int i = 3; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--markdown")) {
                markdown = true;
                continue;
            }
            if (i + 1 >= args.length) {
                return usage(err, "missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--recipient" -> target = target.withRecipient(value);
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--timeout" -> {
                    try {
                        target = target.withTimeout(Duration.ofSeconds(Long.parseLong(value)));
                    } catch (NumberFormatException e) {
                        return usage(err, "bad timeout: " + value);
                    }
                }
                default -> {
                    return usage(err, "unknown option " + option);
                }
            }
        }
        if ((user == null) != (password == null)) {
            return usage(err, "--user and --password go together");
        }
        if (user != null) {
            target = target.withCredentials(user, password);
        }
        ConformanceSuite suite = switch (args[0]) {
            case "smtp" -> SmtpConformance.of(target);
            case "pop3" -> Pop3Conformance.of(target);
            case "imap" -> ImapConformance.of(target);
            default -> null;
        };
        if (suite == null) {
            return usage(err, "unknown protocol " + args[0] + " (smtp, pop3 or imap)");
        }
        ConformanceReport report = suite.run();
        out.print(markdown ? report.toMarkdown() : report.toString());
        out.flush();
        return report.passed() ? 0 : 1;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println("usage: Main smtp|pop3|imap HOST PORT [--recipient ADDRESS] [--user LOGIN --password PASSWORD]"
                + " [--timeout SECONDS] [--markdown]");
        return 2;
    }
}

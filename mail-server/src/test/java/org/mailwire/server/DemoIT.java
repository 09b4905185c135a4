// SPDX-License-Identifier: Apache-2.0
package org.mailwire.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.testfixtures.Peers;

/**
 * The README's demo: started with no configuration, it prints ready-to-paste swaks and curl
 * commands; pasted into a shell they send a message from alice to bob and read it back.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DemoIT {

    @TempDir
    Path dir;

    @Test
    void thePrintedCommandsSendAndReadAMessage() throws Exception {
        Peers.require(Peers.runs("swaks", "--version"), "swaks is not installed");
        Peers.require(Peers.runs("curl", "--version"), "curl is not installed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "org.mailwire.server.Main", "demo", "--data.dir=" + dir.resolve("demo")));
        // Free ports instead of the fixed demo ports, so that the test never collides.
        for (String port : List.of("smtp", "submission", "submissions", "pop3", "pop3s", "imap", "imaps")) {
            command.add("--" + port + ".port=0");
        }
        Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            List<String> printed = readUntil(demo, "Stop with Ctrl-C.");
            String swaks = line(printed, "swaks ");
            String curlSend = line(printed, "printf ");
            String curlPop = line(printed, "curl --ssl-reqd --cacert");
            assertTrue(curlPop.contains("pop3://"), curlPop);

            Result sent = shell(swaks);
            assertEquals(0, sent.status(), sent.output());
            Result read = shell(curlPop);
            assertEquals(0, read.status(), read.output());
            assertTrue(read.output().contains("Subject: hello"), read.output());
            assertTrue(read.output().contains("Hello Bob, this went through mailwire."), read.output());

            Result curlSent = shell(curlSend);
            assertEquals(0, curlSent.status(), curlSent.output());
            Result second = shell(curlPop.substring(0, curlPop.lastIndexOf("/1")) + "/2");
            assertEquals(0, second.status(), second.output());
            assertTrue(second.output().contains("Hello Bob"), second.output());
            assertTrue(printed.stream().anyMatch(l -> l.contains("imaps://")), "the demo prints an IMAP command");
            for (String l : printed) {
                if (l.contains("imaps://")) {
                    Result imap = shell(l.trim());
                    assertEquals(0, imap.status(), imap.output());
                    assertTrue(imap.output().contains("Subject: hello"), imap.output());
                }
            }
        } finally {
            demo.destroy();
            demo.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private record Result(int status, String output) {
    }

    private static Result shell(String line) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", line.trim()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        return new Result(done ? p.exitValue() : -1, output);
    }

    private static String line(List<String> printed, String start) {
        for (String l : printed) {
            if (l.trim().startsWith(start)) {
                return l.trim();
            }
        }
        throw new AssertionError("no line starting with " + start + " in:\n" + String.join("\n", printed));
    }

    private static List<String> readUntil(Process process, String last) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String l; (l = in.readLine()) != null; ) {
            lines.add(l);
            if (l.startsWith(last)) {
                return lines;
            }
        }
        throw new AssertionError("the demo stopped:\n" + String.join("\n", lines));
    }
}

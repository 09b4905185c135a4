// SPDX-License-Identifier: Apache-2.0
package org.mailwire.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: users are managed in the data directory; bad input gets a clear message. */
class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8));
    }

    @Test
    void usersAreAddedListedAndDeleted() throws Exception {
        String data = "--data.dir=" + dir;
        String domains = "--domains=example.org";
        String fast = "--password.iterations=1000";
        assertEquals(0, run("user", "add", "alice@example.org", "--password=pw1", data, domains, fast));
        assertEquals(0, run("user", "add", "bob@example.org", "--password=pw2", data, domains, fast));
        out.reset();
        assertEquals(0, run("user", "list", data, domains));
        assertEquals("alice@example.org\nbob@example.org\n", out.toString(StandardCharsets.UTF_8).replace("\r", ""));
        assertEquals(0, run("user", "passwd", "alice@example.org", "--password=pw3", data, domains, fast));
        try (org.mailwire.store.MailStore store = org.mailwire.store.MailStore.maildir(dir.resolve("store"))) {
            assertEquals(org.mailwire.core.sasl.AuthenticationResult.authenticated("alice@example.org"), store.authenticator()
                    .verifyPassword("alice@example.org", org.mailwire.core.Secret.of("pw3")).toCompletableFuture().join());
        }
        assertEquals(0, run("user", "delete", "bob@example.org", data, domains));
        out.reset();
        assertEquals(0, run("user", "list", data, domains));
        assertEquals("alice@example.org\n", out.toString(StandardCharsets.UTF_8).replace("\r", ""));
    }

    @Test
    void badFlagsAndUnknownCommandsAreExplained() throws Exception {
        assertEquals(2, run("run", "--domains"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--key=value"));
        assertEquals(2, run("run", "--domains=example.org", "--smtp.prot=25"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown setting: smtp.prot"));
        assertEquals(2, run("frobnicate"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("usage:"));
        assertEquals(0, run("help"));
    }
}

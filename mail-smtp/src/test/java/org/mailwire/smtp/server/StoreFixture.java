// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.mailwire.core.Secret;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.UserMailboxes;

/** An in-memory store with {@code alice@example.test} and {@code bob@example.test}, password {@code secret}. */
final class StoreFixture {

    private StoreFixture() {
    }

    static MailStore create() throws Exception {
        // PBKDF2 at 600,000 iterations per login would dominate the tests' run time.
        MailStore store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice@example.test", Secret.of("secret"));
        store.createUser("bob@example.test", Secret.of("secret"));
        return store;
    }

    /** Every message in a user's INBOX, as stored. */
    static List<byte[]> inbox(MailStore store, String user) throws Exception {
        Mailbox inbox = store.mailboxes(user).open(UserMailboxes.INBOX);
        List<byte[]> all = new ArrayList<>();
        for (MessageInfo info : inbox.messages()) {
            try (InputStream in = inbox.openContent(info.uid())) {
                all.add(in.readAllBytes());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return all;
    }

    /** Strips the leading {@code Received:} field (ours is always first and ends with a date line). */
    static String withoutTrace(byte[] message) {
        String text = new String(message, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!text.startsWith("Received: ")) {
            throw new AssertionError("no Received: field first: " + text);
        }
        int at = 0;
        while (true) {
            int end = text.indexOf("\r\n", at);
            at = end + 2;
            if (at >= text.length() || (text.charAt(at) != '\t' && text.charAt(at) != ' ')) {
                return text.substring(at);
            }
        }
    }
}

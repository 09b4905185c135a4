// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.store.QuotaExceededException;
import org.mailwire.store.StorageException;

/** The store handler's failure replies and the relay policy, without sockets. */
class SmtpHandlerTest {

    @Test
    void flt04DiskFullIs452() {
        StorageException full = new StorageException("append failed", new IOException("No space left on device"));
        assertEquals("452 4.3.1 Insufficient system storage", MailStoreHandler.replyFor(full).toString().strip());
    }

    @Test
    void flt06FailedFsyncIs451AndSaysNothingInternal() {
        StorageException eio = new StorageException("force() failed on /var/mail/x", new IOException("Input/output error"));
        String reply = MailStoreHandler.replyFor(eio).toString();
        assertTrue(reply.startsWith("451 4.3.0"), reply);
        assertFalse(reply.contains("/var/mail"), reply);
    }

    @Test
    void overQuotaIs552() {
        assertTrue(MailStoreHandler.replyFor(new QuotaExceededException(QuotaExceededException.Resource.STORAGE, 10))
                .toString().startsWith("552 5.2.2"));
    }

    @Test
    void sec01OnlyLocalDomainsWithoutAuthOrTrust() throws Exception {
        SmtpPolicy policy = new SmtpPolicy(Set.of("Our.Example"), List.of(Network.parse("192.0.2.0/24")), false);
        InetAddress stranger = InetAddress.getByName("198.51.100.7");
        assertTrue(policy.mayRelayTo(Mailbox.parse("v@our.example"), false, stranger));
        assertTrue(policy.mayRelayTo(Mailbox.parse("v%ext.example@our.example"), false, stranger));
        assertTrue(policy.mayRelayTo(ForwardPath.POSTMASTER, false, stranger));
        assertFalse(policy.mayRelayTo(Mailbox.parse("v@ext.example"), false, stranger));
        assertFalse(policy.mayRelayTo(Mailbox.parse("v@our.example.ext.example"), false, stranger));
        assertFalse(policy.mayRelayTo(Mailbox.parse("v@[192.0.2.1]"), false, stranger));
        assertTrue(policy.mayRelayTo(Mailbox.parse("v@ext.example"), true, stranger));
        assertTrue(policy.mayRelayTo(Mailbox.parse("v@ext.example"), false, InetAddress.getByName("192.0.2.200")));
    }

    @Test
    void networksParseOnlyAddressLiterals() throws Exception {
        assertTrue(Network.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:1::1")));
        assertFalse(Network.parse("10.0.0.0/8").contains(InetAddress.getByName("11.0.0.1")));
        assertTrue(Network.parse("10.1.2.3").contains(InetAddress.getByName("10.1.2.3")));
        assertThrows(IllegalArgumentException.class, () -> Network.parse("example.org/8"));
        assertThrows(IllegalArgumentException.class, () -> Network.parse("10.0.0.0/33"));
    }
}

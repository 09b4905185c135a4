// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.mailwire.dns.codec.DnsType;

/** Lets tests in other packages run {@link DnsLookup} without a System.exit. */
public final class DnsLookupAccess {

    private DnsLookupAccess() {
    }

    public static int run(String[] args, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return DnsLookup.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    public static DnsType type(String name) {
        return DnsLookup.type(name);
    }
}

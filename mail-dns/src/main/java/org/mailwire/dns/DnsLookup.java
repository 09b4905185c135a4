// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.mailwire.dns.codec.DnsMessage;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.DnsType;
import org.mailwire.dns.resolver.DnsResolver;
import org.mailwire.dns.resolver.MxResolver;
import org.mailwire.dns.resolver.MxResult;
import org.mailwire.dns.resolver.ResolverConfig;

/**
 * A small {@code dig}-like command: asks one question and prints the answer in presentation
 * format, or, with type {@code MAILTO}, prints where mail for a domain goes.
 *
 * <pre>
 * java -cp mail-dns.jar:mail-protocol-core.jar org.mailwire.dns.DnsLookup MX example.test @127.0.0.1:5353
 * java -cp ... org.mailwire.dns.DnsLookup MAILTO example.test
 * </pre>
 *
 * <p>Exit status: 0 with an answer (even an empty one), 1 for a name that does not exist, 2 when
 * no server answered usably, 64 for a usage error.
 */
public final class DnsLookup {

    private DnsLookup() {
    }

    /**
     * Runs the command.
     *
     * @param args {@code TYPE NAME [@SERVER[:PORT]]}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || args.length > 3) {
            err.println("usage: DnsLookup TYPE NAME [@SERVER[:PORT]]   (TYPE: A, AAAA, MX, TXT, SRV, ..., or MAILTO)");
            return 64;
        }
        String typeName = args[0].toUpperCase(Locale.ROOT);
        String name = args[1];
        ResolverConfig config;
        try {
            config = args.length == 3 ? server(args[2]) : ResolverConfig.system();
        } catch (Exception e) {
            err.println("bad server: " + e.getMessage());
            return 64;
        }
        config = config.withTimeout(Duration.ofSeconds(3)).withAttempts(1);
        try (DnsResolver dns = DnsResolver.create(config)) {
            if (typeName.equals("MAILTO")) {
                return mailTo(dns, name, out, err);
            }
            DnsType type = type(typeName);
            if (type == null) {
                err.println("unknown type: " + args[0]);
                return 64;
            }
            DnsName qname = DnsName.of(name.endsWith(".") ? name : name + ".");
            DnsMessage answer = dns.query(qname, type).get(30, TimeUnit.SECONDS);
            out.println(answer);
            return answer.rcode().code() == 3 ? 1 : 0;
        } catch (IllegalArgumentException e) {
            err.println("bad name: " + e.getMessage());
            return 64;
        } catch (java.util.concurrent.ExecutionException e) {
            err.println("no answer: " + e.getCause().getMessage());
            return 2;
        } catch (Exception e) {
            err.println("failed: " + e.getMessage());
            return 2;
        }
    }

    private static int mailTo(DnsResolver dns, String domain, PrintStream out, PrintStream err) throws Exception {
        MxResult r = new MxResolver(dns).resolve(domain).get(60, TimeUnit.SECONDS);
        if (r instanceof MxResult.Exchangers x) {
            for (var mx : x.exchangers()) {
                out.println(mx.preference() + " " + mx.host() + " " + mx.addresses().stream()
                        .map(DnsLookup::address).toList() + (x.implicit() ? " (implicit MX)" : ""));
            }
            return 0;
        }
        err.println(r);
        return r.isPermanent() ? 1 : 2;
    }

    /** Prints an address as dig does: IPv6 in the RFC 5952 short form. */
    private static String address(java.net.InetAddress a) {
        return a instanceof java.net.Inet6Address v6 ? new org.mailwire.dns.codec.Rdata.Aaaa(v6).toString()
                : a.getHostAddress();
    }

    private static ResolverConfig server(String arg) throws Exception {
        if (!arg.startsWith("@")) {
            throw new IllegalArgumentException("server must start with @: " + arg);
        }
        String s = arg.substring(1);
        int port = ResolverConfig.DNS_PORT;
        String host = s;
        int colon = s.lastIndexOf(':');
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            host = s.substring(1, end);
            if (end + 1 < s.length() && s.charAt(end + 1) == ':') {
                port = Integer.parseInt(s.substring(end + 2));
            }
        } else if (colon > 0 && s.indexOf(':') == colon) {
            host = s.substring(0, colon);
            port = Integer.parseInt(s.substring(colon + 1));
        }
        java.net.InetAddress address = ResolverConfig.addressLiteral(host)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + arg));
        return ResolverConfig.of(new InetSocketAddress(address, port));
    }

    /** Returns the type named by a mnemonic or by {@code TYPEnnn} (RFC 3597 §5), or null. */
    static DnsType type(String name) {
        for (DnsType t : List.of(DnsType.A, DnsType.NS, DnsType.CNAME, DnsType.SOA, DnsType.PTR, DnsType.MX,
                DnsType.TXT, DnsType.AAAA, DnsType.SRV, DnsType.TLSA, DnsType.CAA, DnsType.ANY)) {
            if (t.toString().equals(name)) {
                return t;
            }
        }
        if (name.startsWith("TYPE") && name.length() > 4 && name.length() <= 9) {
            int code = 0;
            for (int i = 4; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                code = code * 10 + (c - '0');
            }
            return code <= 0xFFFF ? DnsType.of(code) : null;
        }
        return null;
    }
}

// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.arbitraries;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Damages valid encodings the way fuzzers do: one to three mutations each, an octet replaced by
 * one that matters to mail grammars ({@code < > @ " \ : = CR LF NUL} and 8-bit octets), deleted,
 * or inserted. Most lines stay framed, so the parser, not just the framer, meets the damage
 * (h11's fuzz invariant: such input gives values or a protocol error, nothing else).
 */
public final class ByteMutations {

    private ByteMutations() {
    }

    /**
     * Returns the given encodings with one to three mutations each.
     *
     * @param valid valid encodings, for example commands through their encoder
     * @return the damaged encodings
     */
    public static Arbitrary<byte[]> of(Arbitrary<byte[]> valid) {
        return Combinators.combine(valid, mutations()).as(ByteMutations::mutate);
    }

    private static final byte[] INTERESTING = "<>@\\\" :=+;,.-[]0925\u0000\r\n\u007f\u00c3\u00ff aZ".getBytes(
            java.nio.charset.StandardCharsets.ISO_8859_1);

    /* Each mutation: kind (0 replace, 1 delete, 2 insert), position fraction, interesting octet index. */
    private static Arbitrary<List<int[]>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 999),
                Arbitraries.integers().between(0, INTERESTING.length - 1)).as((k, p, v) -> new int[] {k, p, v})
                .list().ofMinSize(1).ofMaxSize(3);
    }

    private static byte[] mutate(byte[] input, List<int[]> mutations) {
        byte[] bytes = input;
        for (int[] m : mutations) {
            if (bytes.length == 0) {
                break;
            }
            int at = (int) ((long) bytes.length * m[1] / 1000);
            byte value = INTERESTING[m[2]];
            switch (m[0]) {
                case 0 -> {
                    bytes = bytes.clone();
                    bytes[at] = value;
                }
                case 1 -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
                default -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = value;
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
            }
        }
        return bytes;
    }
}

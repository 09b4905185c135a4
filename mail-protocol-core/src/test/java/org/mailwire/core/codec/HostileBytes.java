// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Test helper: jqwik generators for line-oriented codecs. */
final class HostileBytes {

    private HostileBytes() {
    }

    /** Short byte strings rich in CR, LF and dots, with some arbitrary bytes. */
    static Arbitrary<byte[]> bytes() {
        Arbitrary<Byte> interesting = Arbitraries.of((byte) '\r', (byte) '\n', (byte) '.', (byte) 'a');
        Arbitrary<Byte> any = Arbitraries.bytes();
        Arbitrary<Byte> mixed = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, interesting), net.jqwik.api.Tuple.of(1, any));
        return mixed.list().ofMaxSize(120).map(HostileBytes::toArray);
    }

    /** Chunk sizes that a split cycles through: single bytes up to a few dozen. */
    static Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.integers().between(1, 23).list().ofMinSize(1).ofMaxSize(6);
    }

    private static byte[] toArray(List<Byte> list) {
        byte[] bytes = new byte[list.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = list.get(i);
        }
        return bytes;
    }
}

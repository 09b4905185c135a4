// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class StepTest {

    @Test
    void dataFreeStepsAreSharedInstances() {
        assertSame(Step.<String>needInput(), Step.<Integer>needInput());
        assertSame(Step.<String>close(), Step.<Integer>close());
        assertSame(Step.<String>upgradeTls(), Step.<Integer>upgradeTls());
        assertSame(Step.<String>awaitApplication(), Step.<Integer>awaitApplication());
    }

    @Test
    void needInputTellsWhetherACommandIsUnderWay() {
        assertFalse(((Step.NeedInput<?>) Step.needInput()).midCommand());
        assertTrue(((Step.NeedInput<?>) Step.needMoreOfCommand()).midCommand());
    }

    @Test
    void eventAndWriteRefuseNull() {
        assertThrows(NullPointerException.class, () -> Step.event(null));
        assertThrows(NullPointerException.class, () -> Step.write(null));
    }

    @Test
    void writeCarriesItsBuffer() {
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {'O', 'K'});
        Step<String> step = Step.write(bytes);
        assertEquals(bytes, ((Step.Write<String>) step).bytes());
    }
}

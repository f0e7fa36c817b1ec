package org.mnistlab.model.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code -Dmnistlab.vectorBits}: the three widths, unset for the CPU's own, anything else a clear error. */
class VectorBitsTest {

    @Test
    void aBadWidthFailsWithItsMessageAndTheGoodOnesAreRead() {
        String before = System.getProperty(VectorBits.PROPERTY);
        try {
            System.setProperty(VectorBits.PROPERTY, "300");
            String e = assertThrows(IllegalArgumentException.class, VectorBits::chosen).getMessage();
            assertTrue(e.contains("-Dmnistlab.vectorBits=300") && e.contains("128-, 256- or 512-bit"), e);
            assertThrows(IllegalArgumentException.class, JavaEngine::unavailableReason, "checked before the engine");
            for (int bits : new int[] {128, 256, 512}) {
                System.setProperty(VectorBits.PROPERTY, " " + bits);
                assertEquals(bits, VectorBits.chosen());
                assertEquals(bits, Lanes.species(bits).vectorBitSize());
            }
            System.clearProperty(VectorBits.PROPERTY);
            assertEquals(0, VectorBits.chosen());
        } finally {
            if (before == null) System.clearProperty(VectorBits.PROPERTY);
            else System.setProperty(VectorBits.PROPERTY, before);
        }
    }
}

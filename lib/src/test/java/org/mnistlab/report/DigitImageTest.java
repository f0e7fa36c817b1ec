package org.mnistlab.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DigitImageTest {

    @Test
    void misclassifiedCaption() {
        DigitImage d = DigitImage.misclassified(new int[784], 4, 9, 0.8712);
        assertEquals("true 4 → pred 9 (0.87)", d.caption());
    }

    @Test
    void convertsBytesUnitAndScaledValues() {
        byte[] bytes = new byte[784];
        bytes[0] = (byte) 255;
        assertEquals(255, DigitImage.ofBytes(bytes, "").pixel(0, 0));
        float[] unit = new float[784];
        unit[1] = 0.5f;
        unit[2] = 1.7f;
        DigitImage u = DigitImage.ofUnit(unit, "");
        assertEquals(128, u.pixel(1, 0));
        assertEquals(255, u.pixel(2, 0));
        float[] normalised = new float[784];
        java.util.Arrays.fill(normalised, -0.4242f);
        normalised[28] = 2.8215f;
        DigitImage s = DigitImage.ofScaled(normalised, "");
        assertEquals(0, s.pixel(0, 0));
        assertEquals(255, s.pixel(0, 1));
    }

    @Test
    void rejectsWrongSizeAndRangeAndCopiesItsPixels() {
        assertThrows(IllegalArgumentException.class, () -> DigitImage.of(new int[783], ""));
        int[] bad = new int[784];
        bad[5] = 256;
        assertThrows(IllegalArgumentException.class, () -> DigitImage.of(bad, ""));
        int[] px = new int[784];
        DigitImage d = DigitImage.of(px, "x");
        px[0] = 200;
        assertEquals(0, d.pixel(0, 0));
        assertArrayEquals(new int[784], d.pixels());
    }
}

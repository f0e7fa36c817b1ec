package org.mnistlab.augment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentationsTest {

    @Test
    void namesGiveTheDocumentedRecipes() {
        assertEquals(Augmentations.none(), Augmentations.byName("none"));
        assertEquals(Augmentations.light(), Augmentations.byName("light"));
        assertEquals(Augmentations.standard(), Augmentations.byName("standard"));
        assertEquals(Augmentations.strong(), Augmentations.byName("strong"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augmentations.byName("heavy"));
        assertTrue(e.getMessage().contains("none, light, standard, strong"), e.getMessage());
    }
}

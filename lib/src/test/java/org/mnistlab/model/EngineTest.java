package org.mnistlab.model;

import org.junit.jupiter.api.Test;
import org.mnistlab.model.engine.JavaEngine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineTest {

    @Test
    void theEngineSaysWhatItIsAndWhy() {
        EngineFixtures.requireJavaEngine();
        Engine java = Models.gap().build(1).engine();
        assertEquals("java-vector (" + JavaEngine.describe() + ")", java.describe());
        assertTrue(java.reason().isEmpty());
        Engine dl4j = Models.gap().build(1, EngineChoice.DL4J).engine();
        assertEquals(Engine.DL4J, dl4j.name());
        assertTrue(dl4j.describe().startsWith("dl4j (DL4J's own layers"), dl4j.describe());
        assertTrue(dl4j.describe().endsWith("; why: the dl4j engine was chosen)"), dl4j.describe());
    }

    @Test
    void theChoiceIsParsedOrRefusedWithTheValuesItTakes() {
        assertEquals(EngineChoice.AUTO, EngineChoice.parse("auto"));
        assertEquals(EngineChoice.JAVA_VECTOR, EngineChoice.parse("Java-Vector"));
        assertEquals(EngineChoice.DL4J, EngineChoice.parse(" dl4j "));
        for (EngineChoice c : EngineChoice.values()) assertEquals(c, EngineChoice.parse(c.text()));
        String error = assertThrows(IllegalArgumentException.class, () -> EngineChoice.parse("fast")).getMessage();
        assertEquals("engine=fast: expected auto, java-vector or dl4j", error);
        String before = System.getProperty(EngineChoice.PROPERTY);
        System.setProperty(EngineChoice.PROPERTY, "gpu");
        try {
            error = assertThrows(IllegalArgumentException.class, EngineChoice::fromEnvironment).getMessage();
            assertEquals("-Dmnistlab.engine=gpu: expected auto, java-vector or dl4j", error);
            System.setProperty(EngineChoice.PROPERTY, "dl4j");
            assertEquals(EngineChoice.DL4J, EngineChoice.fromEnvironment());
            System.setProperty(EngineChoice.PROPERTY, " ");
            assertEquals(System.getenv(EngineChoice.ENVIRONMENT) == null ? EngineChoice.AUTO
                    : EngineChoice.fromEnvironment(), EngineChoice.fromEnvironment(), "an empty setting is no setting");
        } finally {
            if (before == null) System.clearProperty(EngineChoice.PROPERTY);
            else System.setProperty(EngineChoice.PROPERTY, before);
        }
        assertThrows(IllegalArgumentException.class, () -> new Engine("fast", "x", ""));
        assertThrows(IllegalArgumentException.class, () -> new Engine(Engine.DL4J, "x", ""),
                "DL4J always says why");
    }
}

package org.mnistlab.notebook;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelSinkTest {

    @Test
    void noKernelInAPlainJvm() {
        assertTrue(KernelSink.detect().isEmpty());
    }

    @Test
    void recognisesTheKernelAsMainClassOnly() {
        assertTrue(KernelSink.launchedAs(Object.class, KernelSink.MAIN_CLASS + " /tmp/kernel-1.json"));
        assertFalse(KernelSink.launchedAs(Object.class, "org.mnistlab.cli.Main train"));
        assertFalse(KernelSink.launchedAs(Object.class, null));
        assertFalse(KernelSink.launchedAs(Object.class, ""));
    }
}

package org.mnistlab.notebook;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outside a kernel (this test JVM) no kernel is found; {@link KernelDisplayTest} runs the real one. */
class KernelSinkTest {

    @Test
    void noKernelInAPlainJvm() {
        assertTrue(JJavaKernelSink.detect().isEmpty());
        assertTrue(KernelSink.detect().isEmpty());
    }

    @Test
    void theConsoleIsNoKernel() {
        Display console = new Display(new RecordingSink());
        assertFalse(console.inNotebook());
        assertEquals(java.util.Optional.empty(), console.kernel());
    }
}

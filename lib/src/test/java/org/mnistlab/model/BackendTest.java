package org.mnistlab.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BackendTest {

    @Test
    void parsesNvidiaSmiLines() {
        Backend.GpuInfo h100 = Backend.GpuInfo.parse("NVIDIA H100 80GB HBM3, 9.0");
        assertEquals("NVIDIA H100 80GB HBM3", h100.name());
        assertEquals(90, h100.capability());
        assertEquals(86, Backend.GpuInfo.parse("NVIDIA GeForce RTX 3090, 8.6").capability());
    }

    @Test
    void hopperIsRefusedWithAClearMessage() {
        UnsupportedGpuException e = assertThrows(UnsupportedGpuException.class, () -> Backend.checkGpuSupported(
                List.of(Backend.GpuInfo.parse("NVIDIA H100 80GB HBM3, 9.0"))));
        assertTrue(e.getMessage().contains("3.7 to 8.6") && e.getMessage().contains("without -Pcuda"), e.getMessage());
        assertThrows(UnsupportedGpuException.class, () -> Backend.checkGpuSupported(List.of()));
    }

    @Test
    void maxwellToAdaAreAccepted() {
        assertDoesNotThrow(() -> Backend.checkGpuSupported(List.of(Backend.GpuInfo.parse("NVIDIA A100-SXM4-40GB, 8.0"),
                Backend.GpuInfo.parse("Tesla K80, 3.7"), Backend.GpuInfo.parse("NVIDIA GeForce RTX 4090, 8.9"))),
                "8.9 (Ada) runs the sm_86 code");
    }

    @Test
    void theCpuBuildIsDescribed() {
        BackendInfo info = Backend.prepare();
        assertEquals("CPU", info.backend());
        assertTrue(info.threads() >= 1);
        assertFalse(info.describe().isBlank());
        assertTrue(info.nativeBuild().matches("(onednn|plain)-.+"), info.nativeBuild());
        assumeTrue(info.oneDnn(), "the plain native build (-Dnd4j.classifier=linux-x86_64) has no oneDNN: the "
                + "rest of this test checks the default onednn build");
        assertTrue(info.nativeBuild().startsWith("onednn"), info.nativeBuild());
    }
}

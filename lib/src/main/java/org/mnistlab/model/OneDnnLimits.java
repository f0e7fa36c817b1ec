package org.mnistlab.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * What DL4J 1.0.0-M2.1's own layers cannot compute on the CPU backend with its oneDNN helpers on (ND4J's default):
 * a dilated depthwise convolution. DL4J hands it to oneDNN, which refuses it at the first forward pass ("could not
 * create a descriptor for a dilated convolution forward propagation primitive"). Asked before DL4J computes such a
 * network, so the error says what to do instead.
 */
final class OneDnnLimits {

    private OneDnnLimits() {
    }

    /**
     * @param what what was about to run on DL4J's own layers, for the message
     * @throws IllegalStateException when DL4J would hand a dilated depthwise convolution to oneDNN
     */
    static void requireComputable(String what, Architecture architecture, BackendInfo backend) {
        boolean dilated = architecture.layers().stream()
                .anyMatch(l -> l instanceof LayerSpec.DepthwiseConv d && d.dilation() > 1);
        boolean cpu = backend.backend().equalsIgnoreCase("CPU"); // CUDA's helper is cuDNN, not oneDNN
        if (dilated && cpu && Nd4j.getEnvironment().helpersAllowed()) {
            throw new IllegalStateException(what + ": " + architecture.name() + " has a dilated depthwise convolution, "
                    + "which DL4J 1.0.0-M2.1's oneDNN helper cannot compute. Train and run it on the java-vector "
                    + "engine (the default where it runs), or turn ND4J's platform helpers off first: "
                    + "Nd4j.getEnvironment().allowHelpers(false)");
        }
    }
}

package org.mnistlab.model;

/** The CUDA backend was selected for a GPU that ND4J 1.0.0-M2.1 has no compiled code for. */
public class UnsupportedGpuException extends RuntimeException {

    public UnsupportedGpuException(String message) {
        super(message);
    }
}

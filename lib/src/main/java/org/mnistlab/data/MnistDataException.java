package org.mnistlab.data;

/**
 * MNIST data could not be found, read or verified. Unchecked, so notebook code stays short; the message always says
 * which file or place was involved and what to do about it.
 */
public class MnistDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MnistDataException(String message) {
        super(message);
    }

    public MnistDataException(String message, Throwable cause) {
        super(message, cause);
    }
}

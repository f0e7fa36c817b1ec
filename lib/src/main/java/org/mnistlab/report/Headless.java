package org.mnistlab.report;

/**
 * Makes AWT run without a display. Charts are drawn into images on servers, in CI and inside the Jupyter kernel;
 * none of them has (or should need) an X server. Must run before the first AWT class initialises.
 */
final class Headless {

    private Headless() {
    }

    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}

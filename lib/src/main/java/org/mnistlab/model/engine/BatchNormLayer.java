package org.mnistlab.model.engine;

/**
 * Batch normalisation per channel on {@link VectorBatchNorm}, with the ReLU that follows it folded in when there is
 * one (two passes over the activations fewer, forward and backward), and DL4J's running statistics: DL4J keeps the
 * running mean and variance (or log10 of the standard deviation) as parameters and moves them by writing
 * {@code old - new} into their gradient slots, which its updater leaves unscaled; this layer does the same.
 */
final class BatchNormLayer extends JavaLayer {

    /** 1 / (2 ln 10): turns ln(var) into log10(std). */
    private static final double HALF_LOG10_E = 1.0 / (2.0 * StrictMath.log(10.0));

    private final WorkerPool parallel;
    private final double eps;
    private final double decay;
    private final boolean logStd;
    private final boolean relu;
    private final ParamSlot gammaSlot;
    private final ParamSlot betaSlot;
    private final ParamSlot meanSlot;
    private final ParamSlot varSlot; // variance, or log10(std) when logStd
    private final float[] gamma;
    private final float[] beta;
    private final float[] runningMean;
    private final float[] runningVar;
    private final float[] batchMean;
    private final float[] batchVar;
    private final float[] dGamma;
    private final float[] dBeta;
    private final float[] dMean;
    private final float[] dVar;

    BatchNormLayer(String name, Dims in, double eps, double decay, boolean logStd, boolean relu, ParamSlot gamma,
                   ParamSlot beta, ParamSlot mean, ParamSlot var, WorkerPool parallel) {
        super(name, in, in);
        int c = in.channels();
        for (ParamSlot s : new ParamSlot[] {gamma, beta, mean, var}) {
            if (s.length() != c) throw new IllegalArgumentException(name + ": " + s.name() + " has " + s.length()
                    + " values for " + c + " channels");
        }
        this.parallel = parallel;
        this.eps = eps;
        this.decay = decay;
        this.logStd = logStd;
        this.relu = relu;
        this.gammaSlot = gamma;
        this.betaSlot = beta;
        this.meanSlot = mean;
        this.varSlot = var;
        this.gamma = new float[c];
        this.beta = new float[c];
        this.runningMean = new float[c];
        this.runningVar = new float[c];
        this.batchMean = new float[c];
        this.batchVar = new float[c];
        this.dGamma = new float[c];
        this.dBeta = new float[c];
        this.dMean = new float[c];
        this.dVar = new float[c];
    }

    @Override
    void load(float[] flatParams) {
        gammaSlot.gather(flatParams, gamma);
        betaSlot.gather(flatParams, beta);
        meanSlot.gather(flatParams, runningMean);
        varSlot.gather(flatParams, runningVar);
        if (logStd) {
            for (int c = 0; c < runningVar.length; c++) {
                double std = StrictMath.pow(10.0, runningVar[c]);
                runningVar[c] = (float) (std * std);
            }
        }
    }

    @Override
    void forward(float[] x, float[] y, int n, boolean training, long seed) {
        if (training) {
            VectorBatchNorm.forwardTraining(x, n, in.channels(), in.plane(), gamma, beta, eps, y, batchMean,
                    batchVar, relu, parallel);
        } else {
            VectorBatchNorm.forwardInference(x, n, in.channels(), in.plane(), gamma, beta, eps, runningMean,
                    runningVar, y, relu, parallel);
        }
    }

    @Override
    void backward(float[] x, float[] y, float[] dy, float[] dx, int n, float[] flatGrads) {
        float[] target = dx != null ? dx : new float[n * in.size()];
        VectorBatchNorm.backward(x, dy, relu ? y : null, n, in.channels(), in.plane(), gamma, batchMean, batchVar,
                eps, target, dGamma, dBeta, parallel);
        gammaSlot.scatter(dGamma, flatGrads);
        betaSlot.scatter(dBeta, flatGrads);
        // Running statistics: new = decay * old + (1 - decay) * batch, written as the "gradient" old - new.
        for (int c = 0; c < dMean.length; c++) {
            dMean[c] = (float) ((1 - decay) * ((double) runningMean[c] - batchMean[c]));
            double next = decay * runningVar[c] + (1 - decay) * batchVar[c];
            dVar[c] = logStd
                    ? (float) (HALF_LOG10_E * StrictMath.log(runningVar[c] / next))
                    : (float) (runningVar[c] - next);
        }
        meanSlot.scatter(dMean, flatGrads);
        varSlot.scatter(dVar, flatGrads);
    }
}

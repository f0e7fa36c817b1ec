package org.mnistlab.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.mnistlab.train.RunFacts;

/**
 * The {@code summary.json} that {@code scripts/pytorch_train.py} writes: where the run ran, the network's size, and the
 * script's arguments, which are the recipe it trained.
 *
 * <p>Example: {@code Results.find().pytorch().all().get(0).summary()}
 *
 * @param engine          {@code pytorch VERSION}
 * @param threads         threads PyTorch trained on
 * @param cpu             the CPU's model name
 * @param trainableParams PyTorch's count of the network's trainable parameters
 * @param seconds         seconds of training and evaluation
 * @param python          the Python version
 * @param args            the script's arguments
 */
public record PyTorchSummary(@JsonProperty("engine") String engine,
                             @JsonProperty("threads") int threads,
                             @JsonProperty("cpu") String cpu,
                             @JsonProperty("trainable_params") long trainableParams,
                             @JsonProperty("seconds") double seconds,
                             @JsonProperty("python") String python,
                             @JsonProperty("args") Args args) implements RunFacts {

    /** The key only this form has: what tells it from a Java run's summary. */
    static final String ARGS = "args";

    /**
     * {@code pytorch_train.py}'s arguments, named as on its command line ({@code --max-lr} is {@code max_lr}).
     *
     * @param arch           the network's text form
     * @param epochs         epochs trained
     * @param batch          batch size
     * @param seed           the seed
     * @param maxLr          OneCycle's peak rate
     * @param pctStart       the warm-up's share of the schedule
     * @param div            the start rate is {@code maxLr / div}
     * @param finalDiv       the end rate is the start rate divided by this
     * @param scheduleEpochs the epochs the schedule runs over (0: all; the rate is then held)
     * @param momentum       SGD's Nesterov momentum
     * @param smoothing      label smoothing
     * @param ema            decay of the weights' moving average that is evaluated (0: none)
     * @param rotation       rotation in degrees when {@code affine} is not given
     * @param affine         {@code DEG,SHIFT,SCALE_MIN,SCALE_MAX,SHEAR} of a RandomAffine, or null
     * @param threads        threads asked for
     * @param limit          training images used (0: all)
     */
    public record Args(@JsonProperty("arch") String arch,
                       @JsonProperty("epochs") int epochs,
                       @JsonProperty("batch") int batch,
                       @JsonProperty("seed") long seed,
                       @JsonProperty("max_lr") double maxLr,
                       @JsonProperty("pct_start") double pctStart,
                       @JsonProperty("div") double div,
                       @JsonProperty("final_div") double finalDiv,
                       @JsonProperty("schedule_epochs") int scheduleEpochs,
                       @JsonProperty("momentum") double momentum,
                       @JsonProperty("smoothing") double smoothing,
                       @JsonProperty("ema") double ema,
                       @JsonProperty("rotation") double rotation,
                       @JsonProperty("affine") String affine,
                       @JsonProperty("threads") int threads,
                       @JsonProperty("limit") int limit) {
    }
}

package org.mnistlab.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Where and with what a run was made, as {@code summary.json} records it. None of it changes the figures: the
 * engine's arithmetic ({@link RecipeRecord#arithmetic()}) is the same on every CPU.
 *
 * <p>Example: {@code new RunEnvironment("CPU", "onednn-generic", 1, "AMD EPYC", "none", "0ea7de9", "17.0.15")}
 *
 * @param backend     ND4J's backend ({@code CPU} or {@code CUDA})
 * @param nativeBuild ND4J's native build
 * @param threads     threads the engine trained on
 * @param cpu         the CPU's model name
 * @param gpu         the GPU's name, or {@code none}
 * @param gitCommit   the commit of the code that trained it ({@code -dirty} when it had uncommitted changes)
 * @param java        the Java version
 */
@JsonPropertyOrder({"backend", "native_build", "threads", "cpu", "gpu", "git_commit", "java"})
public record RunEnvironment(@JsonProperty("backend") String backend,
                             @JsonProperty("native_build") String nativeBuild,
                             @JsonProperty("threads") int threads,
                             @JsonProperty("cpu") String cpu,
                             @JsonProperty("gpu") String gpu,
                             @JsonProperty("git_commit") String gitCommit,
                             @JsonProperty("java") String java) {
}

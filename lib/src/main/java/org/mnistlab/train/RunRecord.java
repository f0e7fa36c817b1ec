package org.mnistlab.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.mnistlab.data.AtomicWrite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files a finished run leaves for others to read: {@code history.csv} (one row per epoch, accuracies in
 * percent) and {@code summary.json} (the headline figures, the verdict and where the run ran). Both are written
 * atomically. The comparison notebook, the README's results and a test that re-judges every committed run read
 * them back with {@link #readHistory(Path)} and {@link #readSummary(Path)}.
 */
public final class RunRecord {

    /** One row per epoch, accuracies in percent. */
    public static final String HISTORY = "history.csv";
    /** The headline figures, the verdict and where the run ran. */
    public static final String SUMMARY = "summary.json";
    /** What a run trains, written when it starts, so that a resume can check it continues the same recipe. */
    public static final String RECIPE = "recipe.json";
    /**
     * The keys of {@link #RECIPE}: the same run has the same values for all. All but {@code engine} ({@code
     * java-vector} or {@code dl4j}; {@link #SUMMARY} says more about it) are in {@link #SUMMARY} too;
     * {@code arithmetic} (see {@code Engine.arithmetic()}) keeps a run from being resumed by code that adds up
     * differently.
     */
    public static final List<String> RECIPE_KEYS = List.of("recipe", "architecture", "train_samples",
            "validation_samples", "seed", "engine", "arithmetic");
    static final String HEADER = "epoch,train_loss,train_acc,test_loss,test_acc,lr,seconds,samples_per_s";
    /** The header of a run that held out validation images: their loss and accuracy after the training figures. */
    static final String HEADER_WITH_VALIDATION =
            "epoch,train_loss,train_acc,val_loss,val_acc,test_loss,test_acc,lr,seconds,samples_per_s";
    /** The header of a run evaluated on a weight average with validation: the raw weights' scores come last. */
    static final String HEADER_WITH_RAW = HEADER_WITH_VALIDATION + ",raw_val_loss,raw_val_acc,raw_test_loss,raw_test_acc";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunRecord() {
    }

    /**
     * Writes {@code history.csv} into {@code dir}, with {@code val_loss,val_acc} when the run has validation and the
     * raw weights' {@code raw_*} columns when it was evaluated on their average.
     */
    public static void writeHistory(Path dir, TrainingHistory history) throws IOException {
        boolean validation = history.hasValidation();
        boolean raw = history.hasRaw();
        StringBuilder sb = new StringBuilder(raw ? HEADER_WITH_RAW : validation ? HEADER_WITH_VALIDATION : HEADER)
                .append('\n');
        for (EpochMetrics e : history.epochs()) {
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.4f,", e.epoch(), e.trainLoss(), e.trainAccuracy()));
            if (validation) {
                sb.append(String.format(Locale.ROOT, "%.6f,%.4f,", e.validationLoss(), e.validationAccuracy()));
            }
            sb.append(String.format(Locale.ROOT, "%.6f,%.4f,%.8f,%.2f,%.1f", e.testLoss(), e.testAccuracy(),
                    e.learningRate(), e.seconds(), e.samplesPerSecond()));
            if (raw) {
                sb.append(String.format(Locale.ROOT, ",%.6f,%.4f,%.6f,%.4f", e.raw().validationLoss(),
                        e.raw().validationAccuracy(), e.raw().testLoss(), e.raw().testAccuracy()));
            }
            sb.append('\n');
        }
        AtomicWrite.bytes(dir.resolve(HISTORY), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a {@code history.csv} written by {@link #writeHistory}; the path may be the file or its folder. */
    public static TrainingHistory readHistory(Path fileOrDir) throws IOException {
        Path file = Files.isDirectory(fileOrDir) ? fileOrDir.resolve(HISTORY) : fileOrDir;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String header = lines.isEmpty() ? "" : lines.get(0).trim();
        if (!header.equals(HEADER) && !header.equals(HEADER_WITH_VALIDATION) && !header.equals(HEADER_WITH_RAW)) {
            throw new IOException(file + ": expected the header '" + HEADER + "', '" + HEADER_WITH_VALIDATION
                    + "' or '" + HEADER_WITH_RAW + "'");
        }
        boolean validation = !header.equals(HEADER);
        boolean raw = header.equals(HEADER_WITH_RAW);
        int fields = header.split(",").length;
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) continue;
            String[] f = line.split(",");
            if (f.length != fields) {
                throw new IOException(file + " line " + (i + 1) + ": expected " + fields + " fields, got " + f.length);
            }
            try {
                double[] v = new double[fields];
                for (int k = 1; k < fields; k++) v[k] = Double.parseDouble(f[k]);
                int o = validation ? 2 : 0; // the test columns come after validation's
                EpochMetrics.Builder figures = EpochMetrics.of(Integer.parseInt(f[0])).train(v[1], v[2])
                        .test(v[3 + o], v[4 + o]).learningRate(v[5 + o]).took(v[6 + o], v[7 + o]);
                if (validation) figures.validation(v[3], v[4]);
                if (raw) figures.raw(new RawScores(v[10], v[11], v[12], v[13]));
                epochs.add(figures.build());
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new TrainingHistory(epochs);
    }

    /** Writes {@code summary.json} (keys in the given order) into {@code dir}. */
    public static void writeSummary(Path dir, Map<String, Object> summary) throws IOException {
        AtomicWrite.bytes(dir.resolve(SUMMARY), JSON.writeValueAsBytes(summary));
    }

    /**
     * What identifies a run of {@code experiment} on {@code trainSamples} images with {@code seed}: the
     * {@link #RECIPE_KEYS} but {@code engine}, as {@code train} records them and a resume or a sweep expects them.
     */
    public static Map<String, Object> recipeRecord(Experiment experiment, int trainSamples, long seed) {
        return recipeRecord(experiment, trainSamples, 0, seed);
    }

    /**
     * {@link #recipeRecord(Experiment, int, long)} of a run that held out {@code validationSamples} validation images
     * (0: none, and then no {@code validation_samples} key, as in runs made before validation existed).
     */
    public static Map<String, Object> recipeRecord(Experiment experiment, int trainSamples, int validationSamples,
                                                   long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recipe", experiment.describe());
        m.put("architecture", experiment.architecture().toText());
        m.put("train_samples", trainSamples);
        if (validationSamples > 0) m.put("validation_samples", validationSamples);
        m.put("seed", seed);
        return m;
    }

    /** Writes {@code recipe.json} (the {@link #RECIPE_KEYS} of {@code recipe}) into {@code dir}. */
    public static void writeRecipe(Path dir, Map<String, Object> recipe) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String key : RECIPE_KEYS) {
            if (recipe.get(key) != null) m.put(key, recipe.get(key));
        }
        AtomicWrite.bytes(dir.resolve(RECIPE), JSON.writeValueAsBytes(m));
    }

    /**
     * What differs between the recipe a run recorded ({@code summary.json} or {@code recipe.json}) and the one
     * expected, key by key, or null when nothing does. A key the expected map does not give is not compared; one
     * the record lacks is a difference. Names are not part of a recipe: the experiment's name before the recipe's
     * first {@code ": "} and the model's name before its first space are not compared, so that a run made as a sweep
     * variant is the same run when a lesson later names its recipe.
     */
    public static String recipeMismatch(Map<String, Object> recorded, Map<String, Object> expected) {
        List<String> differences = new ArrayList<>();
        for (String key : RECIPE_KEYS) {
            if (!expected.containsKey(key)) continue;
            Object want = expected.get(key), got = recorded.get(key);
            boolean same = want instanceof Number w && got instanceof Number g
                    ? w.longValue() == g.longValue() : unnamed(key, want).equals(unnamed(key, got));
            if (!same) differences.add(key + " '" + got + "', not '" + want + "'");
        }
        return differences.isEmpty() ? null : String.join("; ", differences);
    }

    /** A recipe's or architecture's text without the name it starts with; other values as text. */
    private static String unnamed(String key, Object value) {
        String text = String.valueOf(value);
        int cut = switch (key) {
            case "recipe" -> text.indexOf(": ") + 2;
            case "architecture" -> text.indexOf(' ') + 1;
            default -> 0;
        };
        return cut > 1 ? text.substring(cut) : text;
    }

    /** Reads a {@code summary.json}; the path may be the file or its folder. */
    public static Map<String, Object> readSummary(Path fileOrDir) throws IOException {
        Path file = Files.isDirectory(fileOrDir) ? fileOrDir.resolve(SUMMARY) : fileOrDir;
        return JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /**
     * The summary of a finished run: what the notebooks and README quote.
     *
     * @param context extra facts to record (seed, backend, git commit, ...), added after the figures
     */
    public static Map<String, Object> summarise(String experiment, TrainingHistory history, TargetVerdict verdict,
                                                double seconds, Map<String, Object> context) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", experiment);
        m.put("trainable_params", verdict.trainableParams());
        m.put("epochs", history.size());
        EpochMetrics best = history.best().orElseThrow(() -> new IllegalArgumentException("empty history"));
        m.put("best_test_acc", round(best.testAccuracy())); // of the best epoch: on validation when there is some
        m.put("best_epoch", best.epoch());
        m.put("final_test_acc", round(history.last().testAccuracy()));
        m.put(minTestAccuracyKey(verdict.target()), round(verdict.minLastAccuracy()));
        m.put("best_train_acc", round(history.bestTrainAccuracy()));
        if (history.hasValidation()) { // what choices are made on; the test figures above only judge
            m.put("best_val_acc", round(best.validationAccuracy()));
            m.put(minValidationAccuracyKey(verdict.target()),
                    round(history.minValidationAccuracyOfLast(verdict.target().lastEpochs())));
        }
        m.put("target", verdict.target().describe());
        m.put("target_met", verdict.met());
        m.put("verdict", verdict.describe());
        m.put("seconds", Math.round(seconds * 10) / 10.0);
        m.putAll(context);
        return m;
    }

    /** The summary's key for the target's figure, e.g. {@code min_test_acc_last_3}. */
    public static String minTestAccuracyKey(Target target) {
        return "min_test_acc_last_" + target.lastEpochs();
    }

    /** The summary's key for the same figure on validation, e.g. {@code min_val_acc_last_3}. */
    public static String minValidationAccuracyKey(Target target) {
        return "min_val_acc_last_" + target.lastEpochs();
    }

    private static double round(double percent) {
        return Math.round(percent * 10000) / 10000.0;
    }
}

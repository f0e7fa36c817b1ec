package org.mnistlab.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.mnistlab.data.AtomicWrite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files a finished run leaves for others to read: {@code history.csv} (one row per epoch, accuracies in
 * percent), {@code summary.json} ({@link RunSummary}) and {@code recipe.json} ({@link RecipeRecord}). All are written
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

    /** Writes {@code summary.json} into {@code dir}. */
    public static void writeSummary(Path dir, RunSummary summary) throws IOException {
        AtomicWrite.bytes(dir.resolve(SUMMARY), JSON.writeValueAsBytes(summary));
    }

    /** Reads a {@code summary.json}; the path may be the file or its folder. */
    public static RunSummary readSummary(Path fileOrDir) throws IOException {
        Path file = Files.isDirectory(fileOrDir) ? fileOrDir.resolve(SUMMARY) : fileOrDir;
        return summaryOf(JSON.readTree(file.toFile()), file);
    }

    /** The summary in {@code tree}, already read from {@code file} (named in the errors). */
    public static RunSummary summaryOf(JsonNode tree, Path file) throws IOException {
        if (tree.path("schema").asInt(1) > RunSummary.SCHEMA) { // said before any field is missed
            throw new IOException(file + " is of schema " + tree.path("schema").asInt() + ", newer than this code's "
                    + RunSummary.SCHEMA + ": update MNIST Lab to read it");
        }
        try {
            return JSON.treeToValue(tree, RunSummary.class);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw new IOException(file + " is not a run's summary: " + e.getMessage(), e);
        }
    }

    /** Writes {@code recipe.json} into {@code dir}. */
    public static void writeRecipe(Path dir, RecipeRecord recipe) throws IOException {
        AtomicWrite.bytes(dir.resolve(RECIPE), JSON.writeValueAsBytes(new RecipeFile(RECIPE_SCHEMA, recipe)));
    }

    /** Reads what a run recorded of its recipe when it started, {@code recipe.json}; the path may be its folder. */
    public static RecipeRecord readRecipe(Path fileOrDir) throws IOException {
        Path file = Files.isDirectory(fileOrDir) ? fileOrDir.resolve(RECIPE) : fileOrDir;
        try {
            return JSON.readValue(file.toFile(), RecipeFile.class).record();
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw new IOException(file + " is not a run's recipe: " + e.getMessage(), e);
        }
    }

    /** The version of {@code recipe.json} this code writes: 2 records the training as structured fields. */
    static final int RECIPE_SCHEMA = 2;

    /** {@code recipe.json}: a version, then the recipe's fields; one written before the version existed is 1. */
    @JsonPropertyOrder({"schema"})
    record RecipeFile(@JsonProperty("schema") int schema, @JsonUnwrapped RecipeRecord record) {
        RecipeFile {
            if (schema == 0) schema = 1;
            if (schema > RECIPE_SCHEMA) {
                throw new IllegalArgumentException("a recipe of schema " + schema + ", newer than this code's "
                        + RECIPE_SCHEMA + ": update MNIST Lab to read it");
            }
        }
    }

}

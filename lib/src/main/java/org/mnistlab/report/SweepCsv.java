package org.mnistlab.report;

import org.mnistlab.report.SweepSummary.SeedResult;
import org.mnistlab.report.SweepSummary.VariantResult;

import java.util.Locale;

/** A sweep's two CSV files: one row per variant ({@code summary.csv}) and one per finished run ({@code runs.csv}). */
final class SweepCsv {

    private SweepCsv() {
    }

    /** See {@link SweepSummary#csv()}. */
    static String variants(SweepSummary summary) {
        int last = summary.target().lastEpochs();
        boolean validated = summary.anyValidated();
        StringBuilder sb = new StringBuilder("variant,params,seeds,done,passed,mean_min_last_" + last
                + ",min_min_last_" + last + ",max_min_last_" + last + ",sd_min_last_" + last + ",mean_best,mean_seconds,"
                + (validated ? "mean_val_min_last_" + last + "," : "") + "recipe\n");
        for (VariantResult v : summary.variants()) {
            sb.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%s,%s,%s,%s,%s,%s,%s%s\n", text(v.plan().name()),
                    v.plan().params(), v.plan().seeds().size(), v.runs().size(), v.passed(), num(v.meanMinLast()),
                    num(v.lowestMinLast()), num(v.highestMinLast()), num(v.sdMinLast()),
                    num(v.runs().stream().mapToDouble(SeedResult::bestAccuracy).average().orElse(Double.NaN)),
                    v.runs().isEmpty() ? "" : String.format(Locale.ROOT, "%.1f",
                            v.runs().stream().mapToDouble(SeedResult::seconds).average().orElseThrow()),
                    validated ? num(v.meanMinLastValidation()) + "," : "", text(v.plan().recipe())));
        }
        return sb.toString();
    }

    /** See {@link SweepSummary#runsCsv()}. */
    static String runs(SweepSummary summary) {
        StringBuilder sb = new StringBuilder("variant,seed,min_last_" + summary.target().lastEpochs() + ",best,met\n");
        for (VariantResult v : summary.variants()) {
            for (SeedResult r : v.runs()) {
                sb.append(String.format(Locale.ROOT, "%s,%d,%.2f,%.2f,%b\n", text(v.plan().name()), r.seed(),
                        r.minLast(), r.bestAccuracy(), r.verdict().met()));
            }
        }
        return sb.toString();
    }

    /** A CSV field: quoted when it holds a comma, a quote or a line break, quotes doubled. */
    private static String text(String s) {
        return s.matches("[^,\"\r\n]*") && !s.isEmpty() && !s.contains(" ") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }
}

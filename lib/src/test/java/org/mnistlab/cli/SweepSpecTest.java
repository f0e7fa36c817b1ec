package org.mnistlab.cli;

import org.junit.jupiter.api.Test;
import org.mnistlab.augment.RandomRotation;
import org.mnistlab.train.HeldSchedule;
import org.mnistlab.train.OneCycleLr;
import org.mnistlab.train.StepLr;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepSpecTest {

    private static final Path FILE = Path.of("sweeps", "test", "sweep.txt");

    private static SweepSpec parse(String text) {
        return SweepSpec.parse(FILE, text);
    }

    private static String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> parse(text)).getMessage();
    }

    @Test
    void variantsAreTrainOptionsWithSeeds() {
        SweepSpec s = parse("""
                # a comment
                seeds 1-3, 7
                variant base: --experiment 09-weight-average   # trailing comment
                variant small seeds 2,4: --experiment 09-weight-average --batch 64 --augment 'rotation(5)' \\
                    --max-lr 0.08 --smoothing 0 --weight-decay 1e-4 --limit 500 --epochs 4
                variant final seeds 1-2 in ../../06-one-cycle: --experiment 09-weight-average
                variant head: --experiment 04-gap --model 'g 1x28x28 10 : conv(8,3,0,nobias) bn relu pool(2) \\
                    conv(10,1,0,nobias) gap' --dropout 0.1 \\   # a comment after a continued quote
                    --schedule 'step(0.05,5,0.1)' # and after the last line
                """);
        assertEquals(List.of("base", "small", "final", "head"),
                s.variants().stream().map(SweepSpec.Variant::name).toList());
        assertEquals("small", s.variants().get(1).folder());
        assertEquals("../../06-one-cycle", s.variants().get(2).folder());
        assertEquals(List.of(1L, 2L, 3L, 7L), s.variants().get(0).seeds());
        assertEquals(List.of(2L, 4L), s.variants().get(1).seeds());
        assertEquals(4 + 2 + 2 + 4, s.runCount());

        SweepSpec.Variant small = s.variants().get(1);
        assertEquals(64, small.recipe().batchSize());
        assertEquals(4, small.recipe().epochs());
        assertEquals(500, small.limit());
        assertEquals(0.0, small.recipe().labelSmoothing());
        assertEquals(1e-4, small.recipe().weightDecay());
        assertEquals(RandomRotation.of(5), small.recipe().augmentation());
        HeldSchedule held = assertInstanceOf(HeldSchedule.class, small.recipe().schedule());
        assertEquals(13, held.epochs(), "--max-lr keeps the experiment's schedule shape, held after epoch 13");
        OneCycleLr schedule = assertInstanceOf(OneCycleLr.class, held.schedule());
        assertEquals(0.08, schedule.maxLr());
        assertEquals(0.2, schedule.pctStart(), "--max-lr keeps the experiment's warm-up");

        SweepSpec.Variant head = s.variants().get(3);
        assertEquals("g 1x28x28 10 : conv(8,3,0,nobias) bn relu dropout(0.1) pool(2) conv(10,1,0,nobias) gap",
                head.recipe().architecture().toText());
        assertEquals(new StepLr(0.05, 5, 0.1), head.recipe().schedule());
        assertEquals("--model", head.args().get(2));
        assertTrue(head.args().get(3).startsWith("g 1x28x28 10 : conv(8,3,0,nobias) bn relu pool(2) conv"),
                "a continued line's spaces collapse: " + head.args().get(3));
        assertEquals(FILE.toAbsolutePath().getParent(), s.dir());
    }

    @Test
    void aScheduleEndsAtAnEpochAndKeepsItsShapeUnderANewPeak() {
        SweepSpec s = parse("seeds 1\nvariant held: --experiment 09-weight-average --schedule-epochs 13 --max-lr 0.1\n");
        HeldSchedule held = assertInstanceOf(HeldSchedule.class, s.variants().get(0).recipe().schedule());
        assertEquals(13, held.epochs());
        OneCycleLr cycle = assertInstanceOf(OneCycleLr.class, held.schedule());
        assertEquals(0.1, cycle.maxLr());
        assertEquals(0.2, cycle.pctStart());
        assertTrue(s.variants().get(0).recipe().describe().contains("over epochs 1-13, then held"));
    }

    @Test
    void aHashInsideQuotesIsNotAComment() {
        SweepSpec s = parse("seeds 1\nvariant a: --experiment 04-gap --model 'm#1 1x28x28 10 : conv(8,3,0,nobias) \\\n"
                + "  bn relu pool(2) conv(10,1,0,nobias) gap'  # the model's name has a #\n");
        assertEquals("m#1", s.variants().get(0).recipe().architecture().name());
    }

    @Test
    void aVariantNamesWhatItsEffectIsMeasuredAgainst() {
        SweepSpec s = parse("""
                seeds 1-5
                variant before: --experiment 04-gap --validation
                variant after seeds 1-3 against before in elsewhere: --experiment 05-augmentation --validation
                """);
        assertEquals(null, s.variants().get(0).against());
        assertEquals("before", s.variants().get(1).against());
        assertEquals("elsewhere", s.variants().get(1).folder());
        assertEquals("before", SweepCommand.plans(s).get(1).against());
    }

    @Test
    void aBadSpecFailsWithItsLineBeforeAnythingRuns() {
        String seeds = "seeds 1-2\n";
        String[][] cases = {
                {"", "names no variant"},
                {"# only a comment\n", "names no variant"},
                {seeds + "train: --experiment 04-gap\n", "sweep.txt:2: expected 'seeds ...' or 'variant"},
                {seeds + "variant a --experiment 04-gap\n", "sweep.txt:2: expected 'variant NAME [seeds S] [in FOLDER] [against NAME]: OPTIONS'"},
                {seeds + "variant a against b: --experiment 04-gap\nvariant b: --experiment 04-gap\n",
                        "sweep.txt:2: variant 'a' is measured against 'b', which is not a variant given before it"},
                {seeds + "variant a against a: --experiment 04-gap\n", "variant 'a' against itself"},
                {seeds + "variant a: --experiment 04-gap\nvariant b against a against a: --experiment 04-gap\n",
                        "sweep.txt:3: expected 'variant NAME [seeds S] [in FOLDER] [against NAME]"},
                {seeds + "variant a seeds: --experiment 04-gap\n", "expected 'variant NAME [seeds S] [in FOLDER]"},
                {seeds + "variant a in x in y: --experiment 04-gap\n", "expected 'variant NAME [seeds S] [in FOLDER]"},
                {"variant a: --experiment 04-gap\n", "variant 'a' has no seeds"},
                {seeds + "variant a: --experiment 04-gap\nvariant a: --experiment 04-gap\n", "sweep.txt:3: variant 'a' given twice"},
                {seeds + "variant ../up: --experiment 04-gap\n", "a variant's name is its folder"},
                {seeds + "variant a: --experiment resnet\n", "sweep.txt:2: variant 'a': unknown experiment 'resnet'"},
                {seeds + "variant a: --experiment 04-gap --colour blue\n", "sweep.txt:2: variant 'a': Unknown options: '--colour', 'blue'"},
                {seeds + "variant a: --experiment 04-gap --seed 3\n", "--seed is the sweep's to set"},
                {seeds + "variant a: --experiment 04-gap --out x\n", "--out is the sweep's to set"},
                {seeds + "variant a: --experiment 04-gap --batch 0\n", "batch size must be >= 1"},
                {seeds + "variant a: --experiment 04-gap --batch many\n", "'many' is not an int"},
                {seeds + "variant a: --experiment 04-gap --augment 'rotation(x)'\n", "'x' is not a number"},
                {seeds + "variant a: --experiment 04-gap --schedule 'cosine(1)'\n", "unknown schedule 'cosine(1)'"},
                {seeds + "variant a: --experiment 04-gap --lr 0.1 --schedule 'constant(0.1)'\n", "not both"},
                {seeds + "variant a: --experiment 04-gap --schedule-epochs 16\n", "--schedule-epochs must be in 1..15"},
                {seeds + "variant a: --experiment 04-gap --epochs 4 --schedule-epochs 0\n", "must be in 1..4"},
                {seeds + "variant a: --experiment 04-gap --smoothing 1\n", "label smoothing must be in [0, 1)"},
                {seeds + "variant a: --experiment 04-gap --model 'm 1x28x28 10 : conv(8,3) gap'\n", "not an architecture"},
                {seeds + "variant a: --experiment 04-gap --model 'm 1x28x28 10 : conv(8,3,0,nobias) gap'\n", "expected one per class"},
                {seeds + "variant a: --experiment 04-gap --model 'unclosed\n", "sweep.txt:2: unclosed '"},
                {seeds + "variant a: --experiment 04-gap --model 'm 1x28x28 10 :\n  gap'\n", "sweep.txt:2: unclosed '"},
                {seeds + "variant a: --experiment 04-gap\nvariant b in a: --experiment 04-gap --batch 64\n",
                        "sweep.txt:3: variant 'b' puts seed 1 in a, where another variant's run of that seed goes"},
                {seeds + "variant a in x: --experiment 04-gap\nvariant b in ./x: --experiment 04-gap\n",
                        "variant 'b' puts seed 1 in ./x"},
                {"seeds 3-1\nvariant a: --experiment 04-gap\n", "sweep.txt:1: bad seed range '3-1'"},
                {"seeds one\nvariant a: --experiment 04-gap\n", "seeds are numbers or ranges"},
                {"seeds 1\nseeds 2\nvariant a: --experiment 04-gap\n", "sweep.txt:2: 'seeds' given twice"},
        };
        for (String[] c : cases) {
            String message = error(c[0]);
            assertTrue(message.contains(c[1]), "spec:\n" + c[0] + "\nexpected '" + c[1] + "' in: " + message);
        }
    }
}

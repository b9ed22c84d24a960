package org.actionbench.runner.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.actionbench.data.bench.Problem;
import org.actionbench.data.run.SamplerSettings;
import org.actionbench.runner.TinyWorld;
import org.actionbench.runner.spec.RunSpecReader;
import org.actionbench.runner.spec.SpecDocument;
import org.actionbench.runner.spec.SpecException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerTest {
    static TinyWorld world;

    @BeforeAll
    static void setUp() throws Exception {
        world = TinyWorld.shared();
    }

    private static RunPlan plan(Path dir, String rest) throws Exception {
        SpecDocument doc = RunSpecReader.read(world.spec(dir.resolve("spec.yaml"), dir.resolve("run"), rest));
        return Planner.plan(doc, MethodCatalog.installed(), Planner.Output.NEW);
    }

    @Test
    void theGridIsMethodMajorInSpecOrderWithOneSeedPerActionSubjectAndImage(@TempDir Path dir) throws Exception {
        RunPlan plan = plan(dir, """
                methods:
                  - {method: textual-inversion, name: ti-a}
                  - {method: textual-inversion, name: ti-b, settings: {steps: 5, seed: 99}}
                actions: [bow, raise-one-arm]
                subjects: [panda, old-man, king-aurelio]
                imagesPerPair: 2
                seeds: {training: 3, sampling: 11}
                """);
        List<String> cells = plan.cells().stream().map(c -> c.index() + ":" + c.label()).toList();
        assertEquals(List.of("0:ti-a/bow", "1:ti-a/raise-one-arm", "2:ti-b/bow", "3:ti-b/raise-one-arm"), cells);
        assertEquals(24, plan.imageCount());
        List<String> files = plan.cells().get(1).images().stream().map(PlannedImage::file).toList();
        assertEquals(List.of("cells/ti-a/raise-one-arm/samples/panda/0.png",
                "cells/ti-a/raise-one-arm/samples/panda/1.png", "cells/ti-a/raise-one-arm/samples/old-man/0.png",
                "cells/ti-a/raise-one-arm/samples/old-man/1.png", "cells/ti-a/raise-one-arm/samples/king-aurelio/0.png",
                "cells/ti-a/raise-one-arm/samples/king-aurelio/1.png"), files);

        // Every method draws a pair's k-th image from the same seed; every (action, subject, k) its own.
        Map<String, Long> seedOf = new HashMap<>();
        Set<Long> distinct = new HashSet<>();
        for (PlannedCell c : plan.cells()) {
            for (PlannedImage i : c.images()) {
                String key = c.action().id() + "/" + i.subject().id() + "/" + i.k();
                Long before = seedOf.putIfAbsent(key, i.seed());
                if (before != null) {
                    assertEquals(before, i.seed(), key + " differs between methods");
                }
                distinct.add(i.seed());
            }
        }
        assertEquals(12, seedOf.size());
        assertEquals(12, distinct.size());
        RunPlan reseeded = plan(dir.resolve("other"), """
                methods: [textual-inversion]
                actions: [bow]
                subjects: [panda]
                imagesPerPair: 2
                seeds: {sampling: 12}
                """);
        assertNotEquals(seedOf.get("bow/panda/0"), reseeded.cells().get(0).images().get(0).seed());

        // Resolved settings: the spec's overrides, the training seed where the spec set none, defaults otherwise.
        Map<String, Object> a = plan.methods().get(0).recordedSettings();
        Map<String, Object> b = plan.methods().get(1).recordedSettings();
        assertEquals(3L, ((Number) a.get("seed")).longValue());
        assertEquals(99L, ((Number) b.get("seed")).longValue());
        assertEquals(3000, ((Number) a.get("steps")).intValue(), "Textual Inversion's default (diffusers README)");
        assertEquals(5, ((Number) b.get("steps")).intValue());

        // ARCHITECTURE.md §4's sampler at the tiny model's own 32x32.
        assertEquals(new SamplerSettings("ddim", 50, 0.0, 7.5, 32, 32), plan.sampler());
    }

    @Test
    void aSpecWithoutSelectionsTakesTheWholeBench(@TempDir Path dir) throws Exception {
        RunPlan plan = plan(dir, "methods: [textual-inversion]\n");
        assertEquals(List.of("raise-one-arm", "cheer", "handstand", "sit", "kick", "bow", "squat", "arms-sideways"),
                plan.actions().stream().map(a -> a.id()).toList());
        assertEquals(23, plan.subjects().size());
        assertEquals(4, plan.imagesPerPair());
        assertEquals(8 * 23 * 4, plan.imageCount());
    }

    @Test
    void everyProblemOfBenchModelMethodsAndSelectionIsReportedTogether(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Files.createDirectories(out);
        Files.writeString(out.resolve("something"), "x");
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "bench: " + world.bench() + "\nmodel: " + dir.resolve("no-model") + "\noutput: " + out
                + """

                methods:
                  - no-such-method
                  - {method: textual-inversion, settings: {stepz: 5}}
                actions: [bow, fly]
                subjects: [panda, unicorn]
                """);
        SpecException e = assertThrows(SpecException.class,
                () -> Planner.plan(RunSpecReader.read(spec), MethodCatalog.installed(), Planner.Output.NEW));
        TreeSet<String> fields = new TreeSet<>();
        e.problems().forEach(p -> fields.add(p.field()));
        assertEquals(new TreeSet<>(List.of("model", "methods[0].method", "methods[1].settings", "output",
                "actions[1]", "subjects[1]")), fields, e.getMessage());
        assertTrue(e.getMessage().contains("stepz"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown method \"no-such-method\" (known: "), e.getMessage());
        assertTrue(e.getMessage().contains("the bench has no action \"fly\""), e.getMessage());

        // Size not a multiple of the tiny model's 4x latent scale; a bench with a missing exemplar.
        SpecException sizes = assertThrows(SpecException.class, () -> plan(dir.resolve("s"),
                "methods: [textual-inversion]\nsampler: {width: 30, height: 32}\n"));
        assertEquals(List.of("sampler"), sizes.problems().stream().map(Problem::field).toList());
    }

    @Test
    void adisActionDifferentSourceIsDecidedFromTheBenchAndRecordedAsDecided(@TempDir Path dir) throws Exception {
        // The mini bench has every exemplar's renders doing the other actions: auto becomes bench.
        RunPlan rendered = plan(dir.resolve("rendered"), "methods: [adi]\n");
        assertEquals("bench", rendered.methods().get(0).recordedSettings().get("actionDifferentSource"));
        // A copy of it without the renders: auto becomes generate; an explicit choice is kept as given.
        Path bench = dir.resolve("bench");
        org.actionbench.mini.world.MiniBench.write(bench, 0, TinyWorld.RESOLUTION);
        try (var files = Files.walk(bench)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (p.toString().contains(org.actionbench.data.bench.Exemplar.ACTION_DIFFERENT_SUFFIX + "/")
                        || p.getFileName().toString().endsWith(org.actionbench.data.bench.Exemplar.ACTION_DIFFERENT_SUFFIX)) {
                    Files.delete(p);
                }
            }
        }
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "bench: bench\nmodel: " + world.model() + "\noutput: run\nmethods:\n  - adi\n"
                + "  - {method: adi, name: adi-generated, settings: {actionDifferentSource: generate}}\n");
        RunPlan bare = Planner.plan(RunSpecReader.read(spec), MethodCatalog.installed(), Planner.Output.NEW);
        assertEquals("generate", bare.methods().get(0).recordedSettings().get("actionDifferentSource"));
        assertEquals("generate", bare.methods().get(1).recordedSettings().get("actionDifferentSource"));
    }

    @Test
    void aBrokenBenchContributesItsOwnProblems(@TempDir Path dir) throws Exception {
        Path bench = dir.resolve("bench");
        org.actionbench.mini.world.MiniBench.write(bench, 0, TinyWorld.RESOLUTION);
        Files.delete(bench.resolve("bow/03.png"));
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "bench: bench\nmodel: " + world.model() + "\noutput: run\nmethods: [textual-inversion]\n");
        SpecException e = assertThrows(SpecException.class,
                () -> Planner.plan(RunSpecReader.read(spec), MethodCatalog.installed(), Planner.Output.NEW));
        assertEquals("bench", e.problems().get(0).field());
        assertTrue(e.problems().stream().anyMatch(p -> p.toString().contains("bow/03.png")), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("run")), "nothing is written");
    }
}

package org.actionbench.runner.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.actionbench.data.bench.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSpecReaderTest {

    @Test
    void aYamlSpecReadsWithRelativePathsAndDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("specs/first.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                bench: ../bench
                model: /models/sd21
                output: runs/first
                methods:
                  - stable-diffusion
                  - method: adi
                    name: adi-beta-0.4
                    settings: {beta: 0.4, steps: 100, placeholderToken: "<a>", layerWise: true}
                actions: [bow, squat]
                """);
        SpecDocument doc = RunSpecReader.read(file);
        RunSpec s = doc.spec();
        assertEquals(dir.resolve("bench").toAbsolutePath(), s.bench());
        assertEquals(Path.of("/models/sd21"), s.model());
        assertEquals(dir.resolve("specs/runs/first").toAbsolutePath(), s.output());
        assertEquals(MethodSpec.of("stable-diffusion"), s.methods().get(0));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("beta", 0.4);
        settings.put("steps", 100);
        settings.put("placeholderToken", "<a>");
        settings.put("layerWise", true);
        assertEquals(new MethodSpec("adi-beta-0.4", "adi", settings), s.methods().get(1));
        assertEquals(List.of("bow", "squat"), s.actions());
        assertEquals(List.of(), s.subjects());
        assertNull(s.imagesPerPair());
        assertEquals(new RunSeeds(0, 0), s.seeds());
        assertEquals(new SamplerSpec(50, 0.0, 7.5, null, null), s.sampler());
        assertEquals("adi-beta-0.4", doc.given().get("methods").get(1).get("name").asText(), "the spec as given");
    }

    @Test
    void theSameSpecAsJsonReadsTheSame(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("a.yml");
        Files.writeString(yaml, """
                bench: b
                model: m
                output: o
                methods: [{method: textual-inversion, settings: {steps: 10, learningRate: 1.0e-4}}]
                subjects: [panda]
                imagesPerPair: 2
                seeds: {training: 5, sampling: -9}
                sampler: {scheduler: ddim, steps: 20, guidance: 5, eta: 0, width: 64, height: 48, batch: 3}
                """);
        Path json = dir.resolve("a.json");
        Files.writeString(json, """
                {"bench": "b", "model": "m", "output": "o",
                 "methods": [{"method": "textual-inversion", "settings": {"steps": 10, "learningRate": 1e-4}}],
                 "subjects": ["panda"], "imagesPerPair": 2, "seeds": {"training": 5, "sampling": -9},
                 "sampler": {"scheduler": "ddim", "steps": 20, "guidance": 5, "eta": 0, "width": 64, "height": 48,
                             "batch": 3}}
                """);
        RunSpec fromYaml = RunSpecReader.read(yaml).spec();
        assertEquals(RunSpecReader.read(json).spec(), fromYaml);
        assertEquals(new SamplerSpec(20, 0.0, 5.0, 64, 48, 3), fromYaml.sampler());
        assertEquals(new RunSeeds(5, -9), fromYaml.seeds());
        assertEquals(2, fromYaml.imagesPerPair());
        assertEquals(1e-4, fromYaml.methods().get(0).settings().get("learningRate"));

        // The run directory keeps the spec in this full form; reading it back gives the same spec.
        assertEquals(fromYaml, RunSpecReader.parse(fromYaml.toTree(), Path.of("spec.json"), Path.of("/elsewhere")));
    }

    @Test
    void everyProblemIsNamedAtOnce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                bench: b
                model: 42
                methods:
                  - 7
                  - {name: x}
                  - adi
                  - {method: adi, setings: {}}
                  - "not an id!"
                actions: bow
                subjects: [cat, cat]
                imagesPerPair: four
                seeds: {training: 1.5}
                sampler: {eta: 0.5, width: 64, steps: 0, scheduler: euler, batch: 0}
                extra: true
                """);
        SpecException e = assertThrows(SpecException.class, () -> RunSpecReader.read(file));
        TreeSet<String> fields = new TreeSet<>();
        for (Problem p : e.problems()) {
            assertEquals(file, p.file());
            fields.add(p.field());
        }
        assertEquals(new TreeSet<>(List.of("model", "output", "methods[0]", "methods[1].method", "methods[3]",
                "methods[3].setings", "methods[4]", "actions", "subjects[1]", "imagesPerPair", "seeds.training",
                "sampler.eta", "sampler", "sampler.steps", "sampler.scheduler", "sampler.batch", "extra")), fields);
        assertEquals(17, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("bad.yaml: methods[3]: method name \"adi\" is used twice"), e.getMessage());
        assertTrue(e.getMessage().contains("bad.yaml: imagesPerPair: expected an integer, found a string \"four\""),
                e.getMessage());
        assertTrue(e.getMessage().contains("bad.yaml: sampler.batch: must be at least 1, found 0"), e.getMessage());
    }

    @Test
    void malformedFilesAreOneProblemWithTheLine(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("broken.yaml");
        Files.writeString(yaml, "bench: b\nmethods: [adi\nmodel: m\n");
        SpecException e = assertThrows(SpecException.class, () -> RunSpecReader.read(yaml));
        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().startsWith(yaml + ": malformed YAML at line "), e.getMessage());

        Path twice = dir.resolve("twice.yaml");
        Files.writeString(twice, "bench: a\nbench: b\nmodel: m\noutput: o\nmethods: [adi]\n");
        SpecException dup = assertThrows(SpecException.class, () -> RunSpecReader.read(twice));
        assertTrue(dup.getMessage().contains("bench"), dup.getMessage());

        SpecException missing = assertThrows(SpecException.class, () -> RunSpecReader.read(dir.resolve("none.json")));
        assertEquals(dir.resolve("none.json") + ": no such file", missing.getMessage());
    }
}

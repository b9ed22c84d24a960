package org.actionbench.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.actionbench.data.bench.Problem;
import org.actionbench.data.io.Json;
import org.actionbench.runner.TinyWorld;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.Planner;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.spec.RunSpecReader;
import org.actionbench.runner.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    private static RunPlan plan(Path dir, Path out, String methods, Planner.Output output) throws Exception {
        Path spec = TinyWorld.shared().spec(dir.resolve("spec-" + methods.hashCode() + ".yaml"), out, methods + """
                actions: [bow]
                subjects: [panda]
                imagesPerPair: 1
                seeds: {training: 3, sampling: 11}
                """);
        return Planner.plan(RunSpecReader.read(spec), MethodCatalog.installed(), output);
    }

    @Test
    void runJsonRecordsEveryResolvedSettingAndAResumeWithOtherSettingsIsRefused(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        String methods = """
                methods:
                  - {method: textual-inversion, settings: {steps: 7}}
                  - {method: p-plus, name: pp, settings: {seed: 99, learningRate: "1e-3"}}
                  - stable-diffusion
                """;
        RunDirectory run = RunDirectory.create(plan(dir, out, methods, Planner.Output.NEW));

        // Every setting in the settings record's order: the spec's overrides (typed), the run's training seed
        // where the spec set none, the published defaults otherwise.
        var recorded = run.manifest().methods();
        assertEquals(Set.of("textual-inversion", "pp", "stable-diffusion"), recorded.keySet());
        assertEquals("{\"method\":\"textual-inversion\",\"settings\":{\"steps\":7,\"learningRate\":5.0E-4,"
                + "\"scaleLearningRate\":true,\"batchSize\":1,\"gradientAccumulation\":4,\"weightDecay\":0.01,"
                + "\"flipProbability\":0.5,\"placeholderToken\":\"<action>\",\"initializerWord\":\"pose\",\"seed\":3,"
                + "\"checkpointEvery\":500}}",
                Json.compact(recorded.get("textual-inversion")));
        assertEquals("{\"method\":\"p-plus\",\"settings\":{\"steps\":500,\"learningRate\":0.001,\"batchSize\":8,"
                + "\"weightDecay\":0.01,\"placeholderToken\":\"<action>\",\"initializerWord\":\"pose\",\"seed\":99,"
                + "\"checkpointEvery\":100}}", Json.compact(recorded.get("pp")));
        assertEquals("{\"method\":\"stable-diffusion\",\"settings\":{}}", Json.compact(recorded.get("stable-diffusion")));

        // The same spec resumes; one whose settings resolve differently is refused, naming the method.
        run.checkSettings(plan(dir, out, methods, Planner.Output.EXISTING));
        SpecException e = assertThrows(SpecException.class, () -> run.checkSettings(plan(dir, out,
                methods.replace("steps: 7", "steps: 8"), Planner.Output.EXISTING)));
        assertEquals(List.of("methods.textual-inversion"), e.problems().stream().map(Problem::field).toList());
        assertTrue(e.getMessage().contains("\"steps\":8") && e.getMessage().contains("\"steps\":7"), e.getMessage());
        SpecException reseeded = assertThrows(SpecException.class, () -> run.checkSettings(plan(dir, out,
                methods.replace("seed: 99", "seed: 98"), Planner.Output.EXISTING)));
        assertEquals(List.of("methods.pp"), reseeded.problems().stream().map(Problem::field).toList());
    }
}

package org.actionbench.runner.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.actionbench.data.io.Json;

/**
 * What a comparative run is (harness/runner/SPEC.md): a bench directory, a model snapshot, the methods, the
 * actions and subjects (empty = all of the bench's), images per pair (null = the bench's, 4 for ActionBench),
 * the seeds, the sampler, the output (run) directory and where it computes (device and precision). Paths are absolute once read
 * ({@link RunSpecReader} resolves them against the spec file's directory).
 *
 * <p>A program (the demo) builds one with {@link #of} and the {@code with…} methods instead of writing a file.
 */
public record RunSpec(Path bench, Path model, List<MethodSpec> methods, List<String> actions,
        List<String> subjects, Integer imagesPerPair, RunSeeds seeds, SamplerSpec sampler, Path output,
        ComputeSpec compute) {

    public RunSpec {
        Objects.requireNonNull(bench, "bench");
        Objects.requireNonNull(model, "model");
        methods = List.copyOf(methods);
        actions = List.copyOf(actions);
        subjects = List.copyOf(subjects);
        Objects.requireNonNull(seeds, "seeds");
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(compute, "compute");
    }

    /** Every action and subject of the bench, the bench's images per pair, seeds 0, ARCHITECTURE.md §4's sampler. */
    public static RunSpec of(Path bench, Path model, List<MethodSpec> methods, Path output) {
        return new RunSpec(bench.toAbsolutePath().normalize(), model.toAbsolutePath().normalize(), methods,
                List.of(), List.of(), null, RunSeeds.DEFAULT, SamplerSpec.DEFAULT, output.toAbsolutePath().normalize(),
                ComputeSpec.DEFAULT);
    }

    public RunSpec withMethods(List<MethodSpec> ms) {
        return new RunSpec(bench, model, ms, actions, subjects, imagesPerPair, seeds, sampler, output, compute);
    }

    public RunSpec withActions(List<String> ids) {
        return new RunSpec(bench, model, methods, ids, subjects, imagesPerPair, seeds, sampler, output, compute);
    }

    public RunSpec withSubjects(List<String> ids) {
        return new RunSpec(bench, model, methods, actions, ids, imagesPerPair, seeds, sampler, output, compute);
    }

    public RunSpec withImagesPerPair(Integer n) {
        return new RunSpec(bench, model, methods, actions, subjects, n, seeds, sampler, output, compute);
    }

    public RunSpec withSeeds(RunSeeds s) {
        return new RunSpec(bench, model, methods, actions, subjects, imagesPerPair, s, sampler, output, compute);
    }

    public RunSpec withSampler(SamplerSpec s) {
        return new RunSpec(bench, model, methods, actions, subjects, imagesPerPair, seeds, s, output, compute);
    }

    public RunSpec withOutput(Path dir) {
        return new RunSpec(bench, model, methods, actions, subjects, imagesPerPair, seeds, sampler,
                dir.toAbsolutePath().normalize(), compute);
    }

    public RunSpec withCompute(ComputeSpec c) {
        return new RunSpec(bench, model, methods, actions, subjects, imagesPerPair, seeds, sampler, output, c);
    }

    /**
     * This spec in the file form {@link RunSpecReader} reads, every field written out (absolute paths,
     * nulls for "the bench's / the model's"): what the run directory keeps so a resume or a Slurm task
     * plans exactly the same run.
     */
    public ObjectNode toTree() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put(RunSpecReader.BENCH, bench.toString());
        root.put(RunSpecReader.MODEL, model.toString());
        ArrayNode ms = root.putArray(RunSpecReader.METHODS);
        for (MethodSpec m : methods) {
            ObjectNode o = ms.addObject();
            o.put(RunSpecReader.METHOD, m.method());
            o.put(RunSpecReader.NAME, m.name());
            o.set(RunSpecReader.SETTINGS, Json.mapper().valueToTree(m.settings()));
        }
        ArrayNode as = root.putArray(RunSpecReader.ACTIONS);
        actions.forEach(as::add);
        ArrayNode ss = root.putArray(RunSpecReader.SUBJECTS);
        subjects.forEach(ss::add);
        if (imagesPerPair == null) {
            root.putNull(RunSpecReader.IMAGES_PER_PAIR);
        } else {
            root.put(RunSpecReader.IMAGES_PER_PAIR, imagesPerPair);
        }
        ObjectNode sd = root.putObject(RunSpecReader.SEEDS);
        sd.put(RunSpecReader.TRAINING, seeds.training());
        sd.put(RunSpecReader.SAMPLING, seeds.sampling());
        ObjectNode sp = root.putObject(RunSpecReader.SAMPLER);
        sp.put(RunSpecReader.STEPS, sampler.steps());
        sp.put(RunSpecReader.ETA, sampler.eta());
        sp.put(RunSpecReader.GUIDANCE, sampler.guidance());
        putNullable(sp, RunSpecReader.WIDTH, sampler.width());
        putNullable(sp, RunSpecReader.HEIGHT, sampler.height());
        sp.put(RunSpecReader.BATCH, sampler.batch());
        root.put(RunSpecReader.OUTPUT, output.toString());
        root.put(RunSpecReader.DEVICE, compute.device().name());
        root.put(RunSpecReader.PRECISION, compute.precision());
        root.put(RunSpecReader.ATTENTION_SCORE_CHUNK_MB, compute.attentionScoreChunkMb());
        return root;
    }

    private static void putNullable(ObjectNode o, String key, Integer v) {
        if (v == null) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }
}

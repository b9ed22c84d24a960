package org.actionbench.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.method.TrainingSettings;
import org.actionbench.engine.nn.StepScope;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.mini.model.TinyModels;
import org.actionbench.mini.world.PoseFamily;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step that leaves arrays behind in a longer-lived manager (DJL files a result with its first operand's
 * manager) grows a run's memory by fresh pages every step, for thousands of steps. With
 * {@link StepScope#reportLiveArraysAtStepEnds} every step reports the live arrays outside it at its end: a
 * method whose steps leave nothing behind holds as many at its busiest after 9 training steps as after 3.
 */
class StepMemoryTest {
    static StableDiffusion model;

    @BeforeAll
    static void build() {
        model = TinyModels.random(13);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Each training method's quick settings with {@code steps} steps; ADI also generating its action-different images. */
    static Map<String, Map<String, Object>> quick(int steps) {
        Map<String, Object> base = Map.of("steps", steps, "checkpointEvery", 1000);
        Map<String, Map<String, Object>> q = new LinkedHashMap<>();
        q.put("dreambooth", with(base, "classImages", 2, "classSamplingSteps", 2));
        q.put("textual-inversion", with(base, "batchSize", 2, "gradientAccumulation", 2));
        q.put("reversion", with(base, "gradientAccumulation", 2, "numPositives", 2));
        q.put("custom-diffusion", with(base, "classImages", 2, "classSamplingSteps", 2));
        q.put("p-plus", with(base, "batchSize", 2));
        q.put("adi", with(base, "actionDifferentSource", "bench"));
        q.put("adi generating", with(base, "actionDifferentSource", "generate", "dreamboothSteps", steps,
                "actionDifferentPerExemplar", 1, "samplingSteps", 2));
        return q;
    }

    static Map<String, Object> with(Map<String, Object> base, Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void everyMethodsTrainingStepsLeaveNoArraysBehind(@TempDir Path dir) throws Exception {
        ActionExamples action = ToyAction.withActionDifferentRenders(PoseFamily.RAISE_ONE_ARM, 2);
        Map<String, List<Integer>> busiest = new LinkedHashMap<>();
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        Map<String, Map<String, Object>> three = quick(3);
        Map<String, Map<String, Object>> nine = quick(9);
        for (String entry : three.keySet()) {
            Method<?> m = Methods.byId(entry.split(" ")[0]);
            int after3 = busiest(m, action, three.get(entry), dir.resolve(entry.replace(' ', '-') + "-3"));
            int after9 = busiest(m, action, nine.get(entry), dir.resolve(entry.replace(' ', '-') + "-9"));
            busiest.put(entry, List.of(after3, after9));
            expected.put(entry, List.of(after3, after3));
        }
        assertEquals(expected, busiest, "most live arrays outside a step, after 3 and after 9 training steps");
        assertEquals(Methods.all().stream().filter(m -> m.defaults() instanceof TrainingSettings<?>).map(Method::id)
                .toList(), busiest.keySet().stream().map(e -> e.split(" ")[0]).distinct().toList(),
                "every training method is checked");
    }

    /** The most live arrays outside any step at its end over the training. */
    static int busiest(Method<?> m, ActionExamples action, Map<String, Object> overrides, Path dir)
            throws Exception {
        List<Integer> live = new ArrayList<>();
        StepScope.reportLiveArraysAtStepEnds(live::add);
        try {
            // The artifact's arrays are the training's result, not its leftovers: freed before the next training.
            MethodHarness.train(m, model, action, overrides, dir, new Recording()).tensors().values()
                    .forEach(NDArray::close);
        } finally {
            StepScope.reportLiveArraysAtStepEnds(null);
        }
        return live.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }
}

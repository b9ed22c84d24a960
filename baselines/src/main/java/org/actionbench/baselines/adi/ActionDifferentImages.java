package org.actionbench.baselines.adi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.actionbench.baselines.common.Fingerprint;
import org.actionbench.baselines.common.GeneratedImages;
import org.actionbench.baselines.dreambooth.DreamBoothSettings;
import org.actionbench.baselines.dreambooth.UNetFineTuning;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.SettingChecks;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.train.TrainingListener;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.train.AdamWConfig;

/**
 * The pool X^(ā,c) of each exemplar (§4.2): images with the exemplar's context doing other actions, from the
 * source {@link AdiSettings#actionDifferentSource} names. From the bench: the images the bench keeps beside
 * each exemplar (ActionBench-Mini renders the same draw doing every other action). From a directory:
 * pre-captured images. Generated: for each exemplar a one-shot DreamBooth (no class images, lr 1e-6, 2000
 * steps) learns the exemplar from its template filled as {@link AdiSettings#dreamboothInstancePrompt} says,
 * and then generates its template filled with the other actions' descriptions. Generated images are made
 * once per action and kept in the cell ({@code action-different/<k>/NNN.png}); the DreamBooth of an exemplar
 * whose images are all there is not trained again.
 */
public final class ActionDifferentImages {
    /** The cell's folder of generated images, {@code <k>/NNN.png} for exemplar k. */
    public static final String DIRECTORY = "action-different";

    private ActionDifferentImages() {
    }

    /** One list of images per exemplar, in exemplar order. */
    public static List<List<BufferedImage>> prepare(ActionExamples action, StableDiffusion model, AdiSettings s,
            TrainingContext context) throws IOException {
        ActionDifferentSource source = s.withSourceFor(action.hasActionDifferentImages()).actionDifferentSource();
        context.listener().log("action-different images: " + SettingChecks.lowerId(source));
        return switch (source) {
            case DIRECTORY -> preCaptured(Path.of(s.actionDifferentImages()), action);
            case BENCH -> fromBench(action);
            case GENERATE -> generate(action, model, s, context);
            case AUTO -> throw new IllegalStateException("withSourceFor leaves no source undecided");
        };
    }

    /** Every exemplar's images from the bench; an error naming the first exemplar without them. */
    static List<List<BufferedImage>> fromBench(ActionExamples action) {
        List<List<BufferedImage>> out = new ArrayList<>();
        for (int k = 0; k < action.exemplars().size(); k++) {
            var images = action.exemplars().get(k).actionDifferent();
            if (images.isEmpty()) {
                throw new IllegalArgumentException("actionDifferentSource is bench, but exemplar " + k + " of action '"
                        + action.actionId() + "' has no action-different images in the bench (<name>.other/"
                        + "<other-action-id>.png beside it; ARCHITECTURE.md §2)");
            }
            out.add(List.copyOf(images.values()));
        }
        return out;
    }

    private static List<List<BufferedImage>> generate(ActionExamples action, StableDiffusion model, AdiSettings s,
            TrainingContext context) throws IOException {
        if (action.otherActionDescriptions().isEmpty()) {
            throw new IllegalArgumentException("ADI needs other actions' descriptions to generate action-different "
                    + "images for '" + action.actionId() + "', or the setting 'actionDifferentImages'");
        }
        List<List<BufferedImage>> out = new ArrayList<>();
        List<String> others = action.otherActionDescriptions();
        for (int k = 0; k < action.exemplars().size(); k++) {
            ActionExamples.Exemplar exemplar = action.exemplars().get(k);
            Path dir = context.workDir().resolve(DIRECTORY).resolve(Integer.toString(k));
            List<String> prompts = new ArrayList<>();
            for (int j = 0; j < s.actionDifferentPerExemplar(); j++) {
                prompts.add(exemplar.prompt(others.get(j % others.size())));
            }
            if (complete(dir, prompts.size())) {
                out.add(GeneratedImages.readDirectory(dir));
                continue;
            }
            TrainingListener listener = new Prefixed(context.listener(), "exemplar " + k + " one-shot DreamBooth: ",
                    "one-shot DreamBooth " + (k + 1) + "/" + action.exemplars().size());
            UNetFineTuning.Spec spec = new UNetFineTuning.Spec(s.seed() + k, s.dreamboothSteps(),
                    s.checkpointEvery(), 1, AdamWConfig.defaults(s.dreamboothLearningRate()), 1.0,
                    dir.resolve("dreambooth-checkpoint.safetensors"),
                    Fingerprint.of(Adi.ID + "/action-different", s));
            try (NDManager tunedManager = model.manager().newSubManager()) {
                Map<String, NDArray> tuned = UNetFineTuning.train(model, List.of(exemplar.image()),
                        List.of(instancePrompt(exemplar, action, s)), null, spec, listener, tunedManager);
                out.add(GeneratedImages.generateOrLoad(dir, prompts, model, tuned,
                        new GeneratedImages.Sampler(s.samplingSteps(), (float) s.guidance()), s.seed() + k,
                        "action-different", context.listener()));
            }
            // The images are what is kept; the fine-tuned UNet's checkpoint is not needed again.
            Files.deleteIfExists(dir.resolve("dreambooth-checkpoint.safetensors"));
        }
        return out;
    }

    /** What the one-shot DreamBooth is told exemplar shows ({@link DreamboothInstancePrompt}). */
    static String instancePrompt(ActionExamples.Exemplar exemplar, ActionExamples action, AdiSettings s) {
        return switch (s.dreamboothInstancePrompt()) {
            case ACTION_WORDS -> exemplar.prompt(action.description());
            case IDENTIFIER -> exemplar.prompt(DreamBoothSettings.DEFAULTS.identifier());
        };
    }

    private static boolean complete(Path dir, int count) {
        for (int j = 0; j < count; j++) {
            if (!Files.exists(dir.resolve(String.format(java.util.Locale.ROOT, "%03d.png", j)))) {
                return false;
            }
        }
        return true;
    }

    /** {@code root/<action-id>/<k>/*.png} for every exemplar k; a missing folder is an error naming it. */
    static List<List<BufferedImage>> preCaptured(Path root, ActionExamples action) throws IOException {
        List<List<BufferedImage>> out = new ArrayList<>();
        for (int k = 0; k < action.exemplars().size(); k++) {
            Path dir = root.resolve(action.actionId()).resolve(Integer.toString(k));
            try {
                out.add(GeneratedImages.readDirectory(dir));
            } catch (IOException e) {
                throw new IOException("actionDifferentImages: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Progress of the inner trainings: log lines and {@link TrainingListener#preparing} (the cell's step counter
     * is ADI's own).
     */
    private record Prefixed(TrainingListener outer, String prefix, String phase) implements TrainingListener {
        @Override
        public void step(long step, long totalSteps, Map<String, Double> metrics) {
            outer.preparing(phase, step, totalSteps);
            if (step == totalSteps || step % 100 == 0) {
                outer.log(prefix + "step " + step + "/" + totalSteps + " " + metrics);
            }
        }

        @Override
        public void log(String line) {
            outer.log(prefix + line);
        }
    }
}

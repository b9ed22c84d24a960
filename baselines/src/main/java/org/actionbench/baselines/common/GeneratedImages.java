package org.actionbench.baselines.common;

import ai.djl.ndarray.NDArray;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.actionbench.engine.image.Images;
import org.actionbench.engine.train.TrainingListener;
import org.actionbench.engine.nn.ParameterOverrides;
import org.actionbench.engine.pipeline.PromptConditioner;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.pipeline.TextToImagePipeline;
import org.actionbench.engine.nn.Seeds;

/**
 * Images a method generates for its own training (DreamBooth's class images, ADI's action-different
 * images), kept as numbered PNGs in the cell's directory: each is written atomically as soon as its batch is made
 * and an existing one is read back instead of generated again, so an interrupted cell resumes where it
 * stopped and a finished one never generates twice. Image k's noise comes from (seed, purpose, k).
 *
 * <p>They are sampled {@link #BATCH} at a time (images 0–7, 8–15, …; the classifier-free guidance pass doubles
 * the UNet's batch), as a cell's samples are, at about twice the images per second of one at a time. The cut is
 * fixed, never "whatever is missing", so a resumed set regenerates a whole batch and its bytes equal an
 * uninterrupted one's; a batch with some images already there keeps those.
 */
public final class GeneratedImages {
    /** Images sampled together. */
    public static final int BATCH = 8;

    private GeneratedImages() {
    }

    /** How to sample: DDIM steps and guidance (ADI §5.1: DDIM 50, scale 7.5), the model's own resolution. */
    public record Sampler(int steps, float guidance) {}

    /**
     * {@code prompts.size()} images in {@code dir} as {@code 000.png}, {@code 001.png}, …, generated with
     * {@code unetOverrides} applied to the model's UNet (an empty map for the frozen model).
     */
    public static List<BufferedImage> generateOrLoad(Path dir, List<String> prompts, StableDiffusion model,
            Map<String, NDArray> unetOverrides, Sampler sampler, long seed, String purpose,
            TrainingListener listener) throws IOException {
        List<BufferedImage> out = new ArrayList<>();
        TextToImagePipeline pipeline = new TextToImagePipeline(model);
        for (int from = 0; from < prompts.size(); from += BATCH) {
            int to = Math.min(prompts.size(), from + BATCH);
            List<Path> files = new ArrayList<>();
            boolean complete = true;
            for (int k = from; k < to; k++) {
                files.add(dir.resolve(String.format(Locale.ROOT, "%03d.png", k)));
                complete &= Files.exists(files.get(files.size() - 1));
            }
            if (complete) {
                for (Path f : files) {
                    out.add(Images.read(f));
                }
                continue;
            }
            List<Long> seeds = new ArrayList<>();
            for (int k = from; k < to; k++) {
                seeds.add(Seeds.derive(seed, purpose, k).nextLong());
            }
            TextToImagePipeline.Request request = TextToImagePipeline.Request.of(model, prompts.subList(from, to),
                    seeds, PromptConditioner.text(model.promptEncoder()))
                    .withSteps(sampler.steps()).withGuidanceScale(sampler.guidance());
            List<BufferedImage> images;
            try (ParameterOverrides o = ParameterOverrides.apply(model.unet(), unetOverrides)) {
                images = pipeline.generate(request);
            }
            for (int i = 0; i < images.size(); i++) {
                Path file = files.get(i);
                if (Files.exists(file)) {
                    out.add(Images.read(file)); // made before the interruption: kept as it was
                    continue;
                }
                Images.writePng(images.get(i), file);
                listener.log(purpose + " image " + (from + i + 1) + "/" + prompts.size() + ": " + prompts.get(from + i));
                out.add(images.get(i));
            }
        }
        return out;
    }

    /** The PNG images of a directory in file-name order; an error naming it when there are none. */
    public static List<BufferedImage> readDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a directory of images");
        }
        List<Path> files = new ArrayList<>();
        try (var stream = Files.list(dir)) {
            stream.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")).sorted()
                    .forEach(files::add);
        }
        if (files.isEmpty()) {
            throw new IOException(dir + ": holds no .png images");
        }
        List<BufferedImage> out = new ArrayList<>();
        for (Path f : files) {
            out.add(Images.read(f));
        }
        return out;
    }
}

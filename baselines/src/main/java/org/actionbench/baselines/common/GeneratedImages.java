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
 * images), kept as numbered PNGs in the cell's directory: each is written atomically as soon as it is made
 * and an existing one is read back instead of generated again, so an interrupted cell resumes where it
 * stopped and a finished one never generates twice. Image k's noise comes from (seed, purpose, k).
 */
public final class GeneratedImages {
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
        for (int k = 0; k < prompts.size(); k++) {
            Path file = dir.resolve(String.format(Locale.ROOT, "%03d.png", k));
            if (Files.exists(file)) {
                out.add(Images.read(file));
                continue;
            }
            long imageSeed = Seeds.derive(seed, purpose, k).nextLong();
            TextToImagePipeline.Request request = TextToImagePipeline.Request.of(model, List.of(prompts.get(k)),
                    List.of(imageSeed), PromptConditioner.text(model.promptEncoder()))
                    .withSteps(sampler.steps()).withGuidanceScale(sampler.guidance());
            BufferedImage image;
            try (ParameterOverrides o = ParameterOverrides.apply(model.unet(), unetOverrides)) {
                image = pipeline.generate(request).get(0);
            }
            Images.writePng(image, file);
            listener.log(purpose + " image " + (k + 1) + "/" + prompts.size() + ": " + prompts.get(k));
            out.add(image);
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

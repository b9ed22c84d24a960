package org.actionbench.mini.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.actionbench.mini.world.Captions;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.CastMember;
import org.actionbench.mini.world.MiniRenderer;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.mini.world.Render;
import org.actionbench.mini.world.SceneKind;
import org.actionbench.engine.image.Images;
import org.actionbench.mini.judge.JudgeTraining;
import org.actionbench.mini.judge.OracleJudge;
import org.actionbench.engine.pipeline.PromptConditioner;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.pipeline.TextToImagePipeline;

/**
 * How good the mini model and its judge are, as the README reports it: the judge's accuracy on held-out
 * renders and on the VAE's reconstructions of them, then, for every evaluation subject × action (one
 * seeded image each), the share of generated images whose action and subject the judge accepts when the
 * prompt names the action in words, when it leaves the action words out (the level action customization
 * must beat; chance is 1/8), and when a ControlNet gets a skeleton map of the action instead. Writes one
 * sample grid per condition.
 */
public final class MiniModelQuality {
    /** The evaluation prompts share one scene per (subject, action), drawn from this seed. */
    private static final long SEED = 31337;
    private static final int RECONSTRUCTION_BATCH = 100;

    public record Row(String condition, int images, double action, double subject, double both) {
    }

    public record Report(JudgeTraining.Accuracy judgeHeldOut, List<Row> rows, int samplingSteps) {
        public String markdown() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "| measured on | images | action | subject | both |%n"));
            s.append("|---|---:|---:|---:|---:|\n");
            s.append(String.format(Locale.ROOT, "| judge on held-out renders | %d | %.1f %% | %.1f %% | — |%n",
                    judgeHeldOut.images(), 100 * judgeHeldOut.action(), 100 * judgeHeldOut.subject()));
            for (Row r : rows) {
                s.append(String.format(Locale.ROOT, "| %s | %d | %.1f %% | %.1f %% | %.1f %% |%n", r.condition(),
                        r.images(), 100 * r.action(), 100 * r.subject(), 100 * r.both()));
            }
            return s.toString();
        }
    }

    private MiniModelQuality() {
    }

    /** Progress: a line per finished batch. */
    public interface Progress {
        void log(String line);
    }

    /** The three ways of prompting that the report compares. */
    public enum Condition {
        NAMED("prompt names the action", "named"),
        UNNAMED("prompt without action words", "unnamed"),
        CONTROLNET("ControlNet skeleton map, prompt without action words", "controlnet");

        private final String description;
        private final String gridName;

        Condition(String description, String gridName) {
            this.description = description;
            this.gridName = gridName;
        }
    }

    /** One condition's judged images: the row of the table and the sample grid (rows: actions). */
    public record Sampled(Row row, List<List<BufferedImage>> grid) {
    }

    public static Report measure(StableDiffusion model, OracleJudge judge, int steps, int heldOut, Path gridDir,
            Progress progress) throws IOException {
        List<Render> renders = JudgeTraining.heldOut(JudgeTraining.Plan.DEFAULT.seed(),
                judge.actionConfig().resolution(), heldOut);
        JudgeTraining.Accuracy accuracy = JudgeTraining.accuracy(judge, renders);
        progress.log(String.format(Locale.ROOT, "judge on %d held-out renders: action %.1f %%, subject %.1f %%",
                accuracy.images(), 100 * accuracy.action(), 100 * accuracy.subject()));
        List<Row> rows = new ArrayList<>();
        // The VAE bounds what the UNet can draw: a pose its decoder smears cannot be generated either.
        rows.add(judged("VAE reconstruction of the held-out renders", judge, reconstruct(model, renders),
                renders.stream().map(Render::actionId).toList(), renders.stream().map(Render::subjectId).toList()));
        progress.log("VAE reconstructions judged");
        for (Condition condition : Condition.values()) {
            if (condition == Condition.CONTROLNET && model.controlnet().isEmpty()) {
                continue;
            }
            Sampled sampled = sample(model, judge, condition, Cast.EVALUATION, steps, progress);
            rows.add(sampled.row());
            if (gridDir != null) {
                Files.createDirectories(gridDir);
                Images.writePng(sheet(sampled.grid()),
                        gridDir.resolve("mini-model-samples-" + condition.gridName + ".png"));
            }
        }
        return new Report(accuracy, rows, steps);
    }

    /**
     * Samples one seeded image per {@code subjects} × action under {@code condition} and judges them. A
     * subject's prompt, scene and seed depend only on the subject and the action, so a subset of the
     * evaluation subjects gives exactly the images the full report has for them.
     */
    public static Sampled sample(StableDiffusion model, OracleJudge judge, Condition condition,
            List<CastMember> subjects, int steps, Progress progress) {
        if (condition == Condition.CONTROLNET && model.controlnet().isEmpty()) {
            throw new IllegalArgumentException("the snapshot has no ControlNet");
        }
        TextToImagePipeline pipeline = new TextToImagePipeline(model);
        PromptConditioner text = PromptConditioner.text(model.promptEncoder());
        List<List<BufferedImage>> grid = new ArrayList<>();
        for (PoseFamily action : PoseFamily.values()) {
            List<String> prompts = new ArrayList<>();
            List<Long> seeds = new ArrayList<>();
            List<BufferedImage> maps = new ArrayList<>();
            for (CastMember who : subjects) {
                Random r = new Random(SEED ^ (who.id().hashCode() * 31L + action.ordinal()));
                SceneKind scene = SceneKind.values()[r.nextInt(SceneKind.values().length)];
                prompts.add(condition == Condition.NAMED ? Captions.full(who.text(), action, scene)
                        : Captions.withoutAction(who.text(), scene));
                seeds.add(r.nextLong());
                CastMember poser = Cast.EXEMPLAR_HUMANS.get(r.nextInt(Cast.EXEMPLAR_HUMANS.size()));
                Render pose = MiniRenderer.render(poser, action, scene, model.defaultResolution(), r.nextLong());
                maps.add(pose.skeletonMap());
            }
            TextToImagePipeline.Request request = TextToImagePipeline.Request.of(model, prompts, seeds, text)
                    .withSteps(steps);
            if (condition == Condition.CONTROLNET) {
                request = request.withControl(new TextToImagePipeline.Control(model.controlnet().get(), maps, 1f));
            }
            grid.add(pipeline.generate(request));
            progress.log(condition.description + ": " + action.id() + " done (" + grid.size() * subjects.size()
                    + " images)");
        }
        List<BufferedImage> images = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        List<String> subjectIds = new ArrayList<>();
        for (int a = 0; a < grid.size(); a++) {
            images.addAll(grid.get(a));
            for (CastMember who : subjects) {
                actions.add(PoseFamily.values()[a].id());
                subjectIds.add(who.id());
            }
        }
        return new Sampled(judged(condition.description, judge, images, actions, subjectIds), grid);
    }

    /** The table row for {@code images} whose intended action and subject ids are given. */
    private static Row judged(String condition, OracleJudge judge, List<BufferedImage> images, List<String> actions,
            List<String> subjects) {
        List<OracleJudge.Reading> readings = judge.read(images);
        int actionHits = 0;
        int subjectHits = 0;
        int bothHits = 0;
        for (int i = 0; i < images.size(); i++) {
            boolean a = readings.get(i).action().label().equals(actions.get(i));
            boolean s = readings.get(i).subject().label().equals(subjects.get(i));
            actionHits += a ? 1 : 0;
            subjectHits += s ? 1 : 0;
            bothHits += a && s ? 1 : 0;
        }
        int n = images.size();
        return new Row(condition, n, (double) actionHits / n, (double) subjectHits / n, (double) bothHits / n);
    }

    /** Encodes each render to the mean of its latent distribution and decodes it again. */
    static List<BufferedImage> reconstruct(StableDiffusion model, List<Render> renders) {
        List<BufferedImage> out = new ArrayList<>();
        for (int start = 0; start < renders.size(); start += RECONSTRUCTION_BATCH) {
            List<BufferedImage> batch = renders.subList(start, Math.min(renders.size(), start + RECONSTRUCTION_BATCH))
                    .stream().map(Render::image).toList();
            try (NDManager m = model.manager().newSubManager()) {
                NDArray latents = model.vae().encode(Images.toSignedTensor(m, batch)).mean();
                out.addAll(Images.fromSignedTensor(model.vae().decode(latents)));
            }
        }
        return out;
    }

    /** Rows = actions, columns = evaluation subjects. */
    private static BufferedImage sheet(List<List<BufferedImage>> rows) {
        int cell = rows.get(0).get(0).getWidth();
        int cols = rows.get(0).size();
        BufferedImage out = new BufferedImage(cols * (cell + 2), rows.size() * (cell + 2), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < rows.get(r).size(); c++) {
                g.drawImage(rows.get(r).get(c), c * (cell + 2), r * (cell + 2), null);
            }
        }
        g.dispose();
        return out;
    }
}

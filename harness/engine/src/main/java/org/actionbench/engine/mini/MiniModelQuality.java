package org.actionbench.engine.mini;

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
import org.actionbench.data.mini.Captions;
import org.actionbench.data.mini.Cast;
import org.actionbench.data.mini.CastMember;
import org.actionbench.data.mini.MiniRenderer;
import org.actionbench.data.mini.PoseFamily;
import org.actionbench.data.mini.Render;
import org.actionbench.data.mini.SceneKind;
import org.actionbench.engine.image.Images;
import org.actionbench.engine.judge.JudgeTraining;
import org.actionbench.engine.judge.OracleJudge;
import org.actionbench.engine.pipeline.PromptConditioner;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.pipeline.TextToImagePipeline;

/**
 * How good the mini model and its judge are, as the README reports it: the judge's accuracy on held-out
 * renders, then, for every evaluation subject × action (one seeded image each), the share of generated
 * images whose action and subject the judge accepts when the prompt names the action in words, when it
 * leaves the action words out (the level action customization must beat; chance is 1/8), and when a
 * ControlNet gets a skeleton map of the action instead. Writes one sample grid per condition.
 */
public final class MiniModelQuality {
    /** The evaluation prompts share one scene per (subject, action), drawn from this seed. */
    private static final long SEED = 31337;

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

    public static Report measure(StableDiffusion model, OracleJudge judge, int steps, int heldOut, Path gridDir,
            Progress progress) throws IOException {
        JudgeTraining.Accuracy accuracy = JudgeTraining.accuracy(judge,
                JudgeTraining.heldOut(JudgeTraining.Plan.DEFAULT.seed(), judge.actionConfig().resolution(), heldOut));
        progress.log(String.format(Locale.ROOT, "judge on %d held-out renders: action %.1f %%, subject %.1f %%",
                accuracy.images(), 100 * accuracy.action(), 100 * accuracy.subject()));
        TextToImagePipeline pipeline = new TextToImagePipeline(model);
        PromptConditioner text = PromptConditioner.text(model.promptEncoder());
        List<Row> rows = new ArrayList<>();
        String[] conditions = {"prompt names the action", "prompt without action words",
                "ControlNet skeleton map, prompt without action words"};
        for (int c = 0; c < conditions.length; c++) {
            if (c == 2 && model.controlnet().isEmpty()) {
                continue;
            }
            int actionHits = 0;
            int subjectHits = 0;
            int bothHits = 0;
            int total = 0;
            List<List<BufferedImage>> grid = new ArrayList<>();
            for (PoseFamily action : PoseFamily.values()) {
                List<String> prompts = new ArrayList<>();
                List<Long> seeds = new ArrayList<>();
                List<BufferedImage> maps = new ArrayList<>();
                for (CastMember who : Cast.EVALUATION) {
                    Random r = new Random(SEED ^ (who.id().hashCode() * 31L + action.ordinal()));
                    SceneKind scene = SceneKind.values()[r.nextInt(SceneKind.values().length)];
                    prompts.add(c == 0 ? Captions.full(who.text(), action, scene)
                            : Captions.withoutAction(who.text(), scene));
                    seeds.add(r.nextLong());
                    CastMember poser = Cast.EXEMPLAR_HUMANS.get(r.nextInt(Cast.EXEMPLAR_HUMANS.size()));
                    Render pose = MiniRenderer.render(poser, action, scene, model.defaultResolution(), r.nextLong());
                    maps.add(pose.skeletonMap());
                }
                TextToImagePipeline.Request request = TextToImagePipeline.Request.of(model, prompts, seeds, text)
                        .withSteps(steps);
                if (c == 2) {
                    request = request.withControl(new TextToImagePipeline.Control(model.controlnet().get(), maps, 1f));
                }
                List<BufferedImage> images = pipeline.generate(request);
                List<OracleJudge.Reading> readings = judge.read(images);
                for (int i = 0; i < images.size(); i++) {
                    boolean a = readings.get(i).action().label().equals(action.id());
                    boolean s = readings.get(i).subject().label().equals(Cast.EVALUATION.get(i).id());
                    actionHits += a ? 1 : 0;
                    subjectHits += s ? 1 : 0;
                    bothHits += a && s ? 1 : 0;
                    total++;
                }
                grid.add(images);
                progress.log(conditions[c] + ": " + action.id() + " done (" + total + " images)");
            }
            rows.add(new Row(conditions[c], total, (double) actionHits / total, (double) subjectHits / total,
                    (double) bothHits / total));
            if (gridDir != null) {
                Files.createDirectories(gridDir);
                Images.writePng(sheet(grid), gridDir.resolve("mini-model-samples-" + new String[] {"named", "unnamed",
                        "controlnet"}[c] + ".png"));
            }
        }
        return new Report(accuracy, rows, steps);
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

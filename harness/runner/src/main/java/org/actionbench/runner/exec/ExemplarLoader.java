package org.actionbench.runner.exec;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.actionbench.data.bench.Action;
import org.actionbench.data.bench.Bench;
import org.actionbench.data.bench.Exemplar;
import org.actionbench.engine.method.ActionExamples;

/**
 * A bench action as a method learns it: the exemplar images with their prompt templates, the action's
 * description, and the descriptions of every OTHER action of the bench (not only those the run selected:
 * ADI's action-different prompts should not depend on which cells a run happens to include).
 *
 * <p>An exemplar's pose map (ControlNet's input) is the image beside it named {@code <name>.pose.png}
 * ({@code bow/03.png} → {@code bow/03.pose.png}) when the bench has one; bench.json does not list pose maps
 * (ARCHITECTURE.md §2), so an exemplar without that file has none. Likewise its action-different images,
 * {@code <name>.other/<other-action-id>.png} for each other action of the bench ({@code bow/03.other/squat.png}),
 * are carried when that folder exists, keyed by the action they show.
 */
final class ExemplarLoader {
    private ExemplarLoader() {
    }

    static ActionExamples examples(Bench bench, Path benchDir, Action action) throws IOException {
        List<ActionExamples.Exemplar> exemplars = new ArrayList<>();
        for (Exemplar e : action.exemplars()) {
            Path file = benchDir.resolve(e.file());
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IOException(file + ": not a readable image (exemplar of action '" + action.id() + "')");
            }
            exemplars.add(new ActionExamples.Exemplar(image, e.prompt(), poseMap(file, action),
                    actionDifferent(bench, benchDir, e, action)));
        }
        List<String> others = bench.actions().stream().filter(a -> !a.id().equals(action.id()))
                .map(Action::description).toList();
        return new ActionExamples(action.id(), action.description(), exemplars, others);
    }

    /** The exemplar's action-different images by action id, in bench order; empty when it has none. */
    private static Map<String, BufferedImage> actionDifferent(Bench bench, Path benchDir, Exemplar e, Action action)
            throws IOException {
        Map<String, BufferedImage> out = new LinkedHashMap<>();
        if (!Files.isDirectory(benchDir.resolve(Exemplar.actionDifferentFolder(e.file())))) {
            return out;
        }
        for (Action other : bench.actions()) {
            if (other.id().equals(action.id())) {
                continue;
            }
            Path file = benchDir.resolve(Exemplar.actionDifferentFile(e.file(), other.id()));
            BufferedImage image = Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
            if (image == null) {
                throw new IOException(file + ": missing or not a readable image (action-different image of exemplar "
                        + e.file() + " doing '" + other.id() + "'; actionbench bench validate checks a bench)");
            }
            out.put(other.id(), image);
        }
        return out;
    }

    private static BufferedImage poseMap(Path exemplar, Action action) throws IOException {
        Path pose = exemplar.resolveSibling(Exemplar.poseMapFile(exemplar.getFileName().toString()));
        if (!Files.isRegularFile(pose)) {
            return null;
        }
        BufferedImage image = ImageIO.read(pose.toFile());
        if (image == null) {
            throw new IOException(pose + ": not a readable image (pose map of action '" + action.id() + "')");
        }
        return image;
    }
}

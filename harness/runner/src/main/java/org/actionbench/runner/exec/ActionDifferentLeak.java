package org.actionbench.runner.exec;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.actionbench.baselines.adi.ActionDifferentImages;
import org.actionbench.data.bench.Action;
import org.actionbench.data.bench.Bench;
import org.actionbench.data.io.Json;
import org.actionbench.engine.image.Images;
import org.actionbench.mini.judge.OracleJudge;

/**
 * A leak measure for generated action-different images (ADI's x^(ā,c) from one-shot DreamBooths): how many
 * of the images a cell generated to show OTHER actions the ActionBench-Mini oracle judge finds doing the
 * anchor's own action. Such an image tells the masks that the action lives where it does not, so the share
 * bounds how much the action mask can be trusted. Measured only where it means something: the cell has
 * generated images ({@code action-different/<k>/*.png}), the judge is there, and it knows every action of the
 * bench (an ActionBench-Mini bench). Written to the cell as {@value #FILE_NAME} (harness/runner/SPEC.md).
 */
final class ActionDifferentLeak {
    static final String FILE_NAME = "action-different-leak.json";

    /** What {@value #FILE_NAME} holds, its components in this order. */
    record Result(String judge, String anchorAction, int images, int judgedAsAnchorAction,
            Map<String, Integer> judgedActions) {
    }

    private ActionDifferentLeak() {
    }

    /**
     * Judges the cell's generated action-different images and writes {@value #FILE_NAME} when it is not there
     * yet and the measure applies; returns what was written.
     */
    static Optional<Result> measureAndWrite(Path cellDir, Bench bench, String anchorAction, Path judgeDir)
            throws IOException {
        Path file = cellDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return Optional.empty();
        }
        List<Path> images = generatedImages(cellDir);
        if (images.isEmpty() || !Files.isDirectory(judgeDir)) {
            return Optional.empty();
        }
        Result result;
        try (OracleJudge judge = OracleJudge.load(judgeDir)) {
            List<String> known = judge.actionConfig().labels();
            if (!bench.actions().stream().map(Action::id).allMatch(known::contains)) {
                return Optional.empty();
            }
            List<BufferedImage> read = new ArrayList<>();
            for (Path p : images) {
                read.add(Images.read(p));
            }
            Map<String, Integer> byAction = new TreeMap<>();
            for (OracleJudge.Reading r : judge.read(read)) {
                byAction.merge(r.action().label(), 1, Integer::sum);
            }
            result = new Result(judgeDir.toAbsolutePath().normalize().toString(), anchorAction, images.size(),
                    byAction.getOrDefault(anchorAction, 0), byAction);
        }
        Json.write(file, result);
        return Optional.of(result);
    }

    /** Every PNG under the cell's {@code action-different/}, in path order; empty when there is none. */
    private static List<Path> generatedImages(Path cellDir) throws IOException {
        Path dir = cellDir.resolve(ActionDifferentImages.DIRECTORY);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }
}

package org.actionbench.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.actionbench.data.bench.Action;
import org.actionbench.data.bench.Bench;
import org.actionbench.data.io.Json;
import org.actionbench.data.io.Png;
import org.actionbench.mini.judge.OracleJudge;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.MiniBench;
import org.actionbench.mini.world.MiniRenderer;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.mini.world.SceneKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionDifferentLeakTest {
    /** The committed oracle judge (models/ at the repository root). */
    static final Path JUDGE = Path.of("../../models/actionbench-mini-judge");
    static Bench mini;

    @BeforeAll
    static void bench() {
        mini = MiniBench.bench(MiniBench.exemplars(0, 16));
    }

    /**
     * A cell's generated images as two exemplars' folders: renders of the same person doing the anchor's own
     * action (a leak) and other actions.
     */
    static List<BufferedImage> cellImages(Path cell, PoseFamily anchor, List<PoseFamily> shown) throws Exception {
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            BufferedImage image = MiniRenderer.render(Cast.EXEMPLAR_HUMANS.get(i % 2), shown.get(i), SceneKind.PARK,
                    64, 500 + i).image();
            Png.write(cell.resolve(String.format("action-different/%d/%03d.png", i % 2, i / 2)), image);
            images.add(image);
        }
        return images;
    }

    @Test
    void countsTheGeneratedImagesTheOracleFindsDoingTheAnchorsAction(@TempDir Path cell) throws Exception {
        PoseFamily anchor = PoseFamily.CHEER;
        List<PoseFamily> shown = List.of(PoseFamily.CHEER, PoseFamily.SQUAT, PoseFamily.CHEER, PoseFamily.BOW,
                PoseFamily.SIT, PoseFamily.CHEER, PoseFamily.KICK);
        cellImages(cell, anchor, shown);
        Optional<ActionDifferentLeak.Result> r = ActionDifferentLeak.measureAndWrite(cell, mini, anchor.id(), JUDGE);
        assertTrue(r.isPresent(), "a mini bench, generated images and the judge: measured");
        assertEquals(7, r.get().images());
        assertEquals(7, r.get().judgedActions().values().stream().mapToInt(Integer::intValue).sum());
        // The judge is right on ≥ 98 % of renders (README), so the count is the three cheering renders, give or
        // take one misreading.
        assertTrue(Math.abs(r.get().judgedAsAnchorAction() - 3) <= 1, "leak count " + r.get());
        assertEquals(r.get().judgedActions().getOrDefault(anchor.id(), 0), r.get().judgedAsAnchorAction());
        JsonNode json = Json.mapper().readTree(cell.resolve(ActionDifferentLeak.FILE_NAME).toFile());
        assertEquals(anchor.id(), json.get("anchorAction").asText());
        assertEquals(r.get().judgedAsAnchorAction(), json.get("judgedAsAnchorAction").asInt());
        assertEquals(7, json.get("images").asInt());
        // Written once: a resumed cell keeps its measure.
        assertTrue(ActionDifferentLeak.measureAndWrite(cell, mini, anchor.id(), JUDGE).isEmpty());
    }

    @Test
    void notMeasuredWithoutGeneratedImagesWithoutTheJudgeOrOnABenchTheJudgeDoesNotKnow(@TempDir Path dir)
            throws Exception {
        Path empty = dir.resolve("bench-source");
        Files.createDirectories(empty);
        assertTrue(ActionDifferentLeak.measureAndWrite(empty, mini, "cheer", JUDGE).isEmpty());
        Path cell = dir.resolve("generated");
        cellImages(cell, PoseFamily.CHEER, List.of(PoseFamily.CHEER, PoseFamily.BOW));
        assertTrue(ActionDifferentLeak.measureAndWrite(cell, mini, "cheer", dir.resolve("no-judge")).isEmpty());
        List<Action> actions = new ArrayList<>(mini.actions());
        Action a = actions.get(0);
        actions.set(0, new Action("wave", a.name(), a.description(), a.exemplars()));
        Bench other = new Bench(actions, mini.subjects(), mini.evaluation());
        assertTrue(ActionDifferentLeak.measureAndWrite(cell, other, "cheer", JUDGE).isEmpty());
        assertTrue(!Files.exists(cell.resolve(ActionDifferentLeak.FILE_NAME)));
        try (OracleJudge judge = OracleJudge.load(JUDGE)) {
            assertTrue(!judge.actionConfig().labels().contains("wave"), "the judge must not know 'wave'");
        }
    }
}

package org.actionbench.mini.world;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.actionbench.data.bench.Action;
import org.actionbench.data.bench.Bench;
import org.actionbench.data.bench.BenchJson;
import org.actionbench.data.bench.Evaluation;
import org.actionbench.data.bench.Exemplar;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.data.io.Png;

/**
 * The ActionBench-Mini bench: the eight {@link PoseFamily} actions with ten exemplars each, every exemplar a
 * different generic person from {@link Cast#EXEMPLAR_HUMANS} in a seeded scene, its prompt the caption with
 * the action words taken out ("a photo of a man in a grey shirt {} in a park"); the 23
 * {@link Cast#EVALUATION} subjects; four images per pair. Images go to {@code <action-id>/<k>.png}, with the
 * exemplar's skeleton map beside it ({@code <k>.pose.png}) and its action-different renders
 * ({@code <k>.other/<other-action-id>.png}): the same draw of person, scene and camera doing each of the other
 * seven actions, which is ADI's x^(ā,c) (§4.2) known exactly rather than generated.
 */
public final class MiniBench {
    public static final int EXEMPLARS_PER_ACTION = Evaluation.DEFAULT_EXEMPLARS_PER_ACTION;

    /**
     * One exemplar as rendered, with where it goes in the bench and the draw it came from: {@code who} in
     * {@code where}, everything else from {@code seed} (MiniRenderer keeps the scene's and the pose's random
     * streams apart, so only the pose depends on the action).
     */
    public record ExemplarRender(PoseFamily action, String file, String prompt, Render render, CastMember who,
            SceneKind where, int resolution, long seed) {

        /** The same person, scene and camera doing {@code other} instead: one of the exemplar's x^(ā,c). */
        public Render doing(PoseFamily other) {
            return MiniRenderer.render(who, other, where, resolution, seed);
        }

        /** Its render doing every other action, in {@link PoseFamily} order. */
        public Map<PoseFamily, Render> actionDifferent() {
            Map<PoseFamily, Render> out = new EnumMap<>(PoseFamily.class);
            for (PoseFamily other : PoseFamily.values()) {
                if (other != action) {
                    out.put(other, doing(other));
                }
            }
            return out;
        }
    }

    private MiniBench() {
    }

    /** Every exemplar of the bench, action by action. */
    public static List<ExemplarRender> exemplars(long seed, int resolution) {
        if (Cast.EXEMPLAR_HUMANS.size() < EXEMPLARS_PER_ACTION) {
            throw new IllegalStateException("the exemplar pool is smaller than " + EXEMPLARS_PER_ACTION);
        }
        List<ExemplarRender> out = new ArrayList<>();
        for (PoseFamily action : PoseFamily.values()) {
            Random r = new Random(Seeds.derive(seed, action.ordinal()));
            List<CastMember> people = new ArrayList<>(Cast.EXEMPLAR_HUMANS);
            Collections.shuffle(people, r);
            // Every scene once, then random ones: the context varies while the action stays.
            List<SceneKind> scenes = new ArrayList<>(List.of(SceneKind.values()));
            Collections.shuffle(scenes, r);
            while (scenes.size() < EXEMPLARS_PER_ACTION) {
                scenes.add(SceneKind.values()[r.nextInt(SceneKind.values().length)]);
            }
            for (int k = 0; k < EXEMPLARS_PER_ACTION; k++) {
                CastMember who = people.get(k);
                SceneKind where = scenes.get(k);
                long renderSeed = r.nextLong();
                Render render = MiniRenderer.render(who, action, where, resolution, renderSeed);
                String file = action.id() + "/" + String.format(Locale.ROOT, "%02d", k) + ".png";
                out.add(new ExemplarRender(action, file, Captions.template(who.text(), where), render, who, where,
                        resolution, renderSeed));
            }
        }
        return out;
    }

    /** The bench model for {@code exemplars}. */
    public static Bench bench(List<ExemplarRender> exemplars) {
        List<Action> actions = new ArrayList<>();
        for (PoseFamily f : PoseFamily.values()) {
            List<Exemplar> ex = exemplars.stream().filter(e -> e.action() == f)
                    .map(e -> new Exemplar(e.file(), e.prompt())).toList();
            actions.add(new Action(f.id(), f.displayName(), f.description(), ex));
        }
        return new Bench(actions, Cast.evaluationSubjects(),
                new Evaluation(Evaluation.DEFAULT_IMAGES_PER_PAIR, EXEMPLARS_PER_ACTION));
    }

    /**
     * Writes the bench to {@code out}, which must not exist or be an empty directory. Everything is written
     * into a temporary directory beside it and moved into place at the end, so a failure leaves no bench.
     *
     * @return the bench written
     */
    public static Bench write(Path out, long seed, int resolution) throws IOException {
        List<ExemplarRender> exemplars = exemplars(seed, resolution);
        Bench bench = bench(exemplars);
        AtomicFiles.<RuntimeException>writeDirectory(out, tmp -> {
            for (ExemplarRender e : exemplars) {
                Png.write(tmp.resolve(e.file()), e.render().image());
                Png.write(tmp.resolve(Exemplar.poseMapFile(e.file())), e.render().skeletonMap());
                for (Map.Entry<PoseFamily, Render> other : e.actionDifferent().entrySet()) {
                    Png.write(tmp.resolve(Exemplar.actionDifferentFile(e.file(), other.getKey().id())),
                            other.getValue().image());
                }
            }
            BenchJson.write(tmp, bench);
        });
        return bench;
    }
}

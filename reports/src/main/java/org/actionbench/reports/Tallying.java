package org.actionbench.reports;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.actionbench.data.bench.SubjectGroup;
import org.actionbench.data.run.Verdict;

/**
 * Counts verdicts into the report's tables: per method, per method and action, per method and subject group
 * (each once per judgement and once per image, by its majority vote), and per method and rater (per
 * judgement). Methods and actions keep the order they first appear in; groups follow {@link SubjectGroup};
 * raters are sorted.
 */
final class Tallying {
    private final Breakdown<String> methodByJudgement = new Breakdown<>(LinkedHashMap::new);
    private final Breakdown<String> actionByJudgement = new Breakdown<>(LinkedHashMap::new);
    private final Breakdown<SubjectGroup> groupByJudgement = new Breakdown<>(() -> new EnumMap<>(SubjectGroup.class));
    private final Breakdown<String> raterByJudgement = new Breakdown<>(TreeMap::new);
    private final Breakdown<String> methodByImage = new Breakdown<>(LinkedHashMap::new);
    private final Breakdown<String> actionByImage = new Breakdown<>(LinkedHashMap::new);
    private final Breakdown<SubjectGroup> groupByImage = new Breakdown<>(() -> new EnumMap<>(SubjectGroup.class));

    /** Per method, per key (an action, a group, a rater; "" for the method's own row): a tally. */
    private static final class Breakdown<K> {
        private final Map<String, Map<K, Accuracy.Tally>> tallies = new LinkedHashMap<>();
        private final Supplier<Map<K, Accuracy.Tally>> perMethod;

        Breakdown(Supplier<Map<K, Accuracy.Tally>> perMethod) {
            this.perMethod = perMethod;
        }

        Accuracy.Tally at(String method, K key) {
            return tallies.computeIfAbsent(method, m -> perMethod.get()).computeIfAbsent(key, k -> new Accuracy.Tally());
        }

        Map<K, Accuracy.Tally> of(String method) {
            return tallies.get(method);
        }
    }

    /** One rater's verdicts on one image; an {@code unsure} counts as not correct. */
    void judgement(String method, String action, SubjectGroup group, String rater, Verdict a, Verdict s) {
        boolean ay = a == Verdict.YES;
        boolean sy = s == Verdict.YES;
        boolean au = a == Verdict.UNSURE;
        boolean su = s == Verdict.UNSURE;
        methodByJudgement.at(method, "").add(ay, sy, au, su);
        actionByJudgement.at(method, action).add(ay, sy, au, su);
        groupByJudgement.at(method, group).add(ay, sy, au, su);
        raterByJudgement.at(method, rater).add(ay, sy, au, su);
    }

    /** One image's majority votes; an undecided vote counts as not correct. */
    void image(String method, String action, SubjectGroup group, MajorityVote a, MajorityVote s) {
        boolean ay = a == MajorityVote.YES;
        boolean sy = s == MajorityVote.YES;
        boolean au = a == MajorityVote.UNDECIDED;
        boolean su = s == MajorityVote.UNDECIDED;
        methodByImage.at(method, "").add(ay, sy, au, su);
        actionByImage.at(method, action).add(ay, sy, au, su);
        groupByImage.at(method, group).add(ay, sy, au, su);
    }

    /** Methods in the order they first appeared. */
    List<String> methods() {
        return List.copyOf(methodByJudgement.tallies.keySet());
    }

    List<AccuracyRow> byMethod() {
        List<AccuracyRow> rows = new ArrayList<>();
        for (String method : methods()) {
            rows.add(new AccuracyRow(method, "", methodByImage.at(method, "").toAccuracy(),
                    methodByJudgement.at(method, "").toAccuracy()));
        }
        return List.copyOf(rows);
    }

    List<AccuracyRow> byAction() {
        List<AccuracyRow> rows = new ArrayList<>();
        for (String method : methods()) {
            for (Map.Entry<String, Accuracy.Tally> e : actionByJudgement.of(method).entrySet()) {
                rows.add(new AccuracyRow(method, e.getKey(), actionByImage.at(method, e.getKey()).toAccuracy(),
                        e.getValue().toAccuracy()));
            }
        }
        return List.copyOf(rows);
    }

    List<AccuracyRow> byGroup() {
        List<AccuracyRow> rows = new ArrayList<>();
        for (String method : methods()) {
            for (Map.Entry<SubjectGroup, Accuracy.Tally> e : groupByJudgement.of(method).entrySet()) {
                rows.add(new AccuracyRow(method, e.getKey().jsonName(),
                        groupByImage.at(method, e.getKey()).toAccuracy(), e.getValue().toAccuracy()));
            }
        }
        return List.copyOf(rows);
    }

    /** A rater's own judgements, so by image and by judgement coincide. */
    List<AccuracyRow> byRater() {
        List<AccuracyRow> rows = new ArrayList<>();
        for (String method : methods()) {
            for (Map.Entry<String, Accuracy.Tally> e : raterByJudgement.of(method).entrySet()) {
                Accuracy own = e.getValue().toAccuracy();
                rows.add(new AccuracyRow(method, e.getKey(), own, own));
            }
        }
        return List.copyOf(rows);
    }
}

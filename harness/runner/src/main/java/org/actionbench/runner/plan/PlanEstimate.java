package org.actionbench.runner.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * What a plan costs on this machine ({@code run SPEC --plan}): every cell's training and sampling from its method
 * entry's measured {@link MethodCost}, the total, and the wall time of running the cells one after another or
 * N at once.
 *
 * <p>N at once is simulated as {@code ParallelExecutor} runs it: the cells that announce the most training steps
 * start first (ties in plan order), each free slot takes the next cell. A cell beside others is slower than
 * alone, as the cores' memory bandwidth and caches are shared: {@link #SIDE_BY_SIDE_SLOWDOWN} per cell when
 * N ≤ the cores, and in proportion beyond (N one-thread cells on fewer cores take turns).
 *
 * @param parallel cells at once (1: one after another)
 * @param cores the machine's cores
 */
public record PlanEstimate(List<CellEstimate> cells, int parallel, int cores) {
    /**
     * How much slower each of two one-thread cells runs side by side on the 2-core machine than alone (SPEC.md,
     * "Cells in parallel"): two full-protocol cells, DreamBooth and Textual Inversion, each took 1.24–1.26× its
     * estimate alone beside the other, while the same cells' sub-grid versions run one at a time landed within
     * 10 % of theirs; two Textual Inversion cells had shared the cores at 1.0–1.13×. The larger is taken, so a
     * time limit sized from the plan is not short.
     */
    public static final double SIDE_BY_SIDE_SLOWDOWN = 1.25;

    /** One cell's expected training (set-up included) and sampling, each when it runs alone. */
    public record CellEstimate(PlannedCell cell, Cost training, Cost sampling) {
        public Cost total() {
            return training.plus(sampling);
        }
    }

    public PlanEstimate {
        cells = List.copyOf(cells);
        if (parallel < 1 || cores < 1) {
            throw new IllegalArgumentException("parallel and cores must be at least 1, are " + parallel + ", " + cores);
        }
    }

    /**
     * Every cell of {@code plan} from the cost of its method entry, by entry name. Class images that several
     * entries share for an action ({@code PlannedMethod.sharedClassImages}) are charged to the first of their
     * cells to run (the executors' order: most announced steps first); the others read them.
     */
    public static PlanEstimate of(RunPlan plan, Map<String, MethodCost> byMethodName, int parallel, int cores) {
        Set<List<Object>> classImagesMade = new HashSet<>();
        Map<PlannedCell, Map<String, Integer>> counts = new HashMap<>();
        for (PlannedCell c : plan.cells().stream().sorted(PlannedCell.LONGEST_FIRST).toList()) {
            Map<String, Integer> n = new LinkedHashMap<>(MethodCost.counts(c.method()));
            Optional<Object> classImages = c.method().sharedClassImages();
            if (classImages.isPresent() && n.containsKey(CLASS_IMAGES)
                    && !classImagesMade.add(List.of(c.action().id(), classImages.get()))) {
                n.put(CLASS_IMAGES, 0);
            }
            counts.put(c, n);
        }
        List<CellEstimate> out = new ArrayList<>();
        for (PlannedCell c : plan.cells()) {
            MethodCost cost = byMethodName.get(c.method().name());
            if (cost == null) {
                throw new IllegalArgumentException("no measured cost for method entry " + c.method().name());
            }
            out.add(new CellEstimate(c, cost.training(counts.get(c)), cost.sampling(c.images().size())));
        }
        return new PlanEstimate(out, parallel, cores);
    }

    private static final String CLASS_IMAGES = "classImages";

    /** The sum over cells, each alone: the FLOPs, and the seconds of running them one after another. */
    public Cost total() {
        return cells.stream().map(CellEstimate::total).reduce(Cost.ZERO, Cost::plus);
    }

    /** Each running cell's slowdown against running alone when {@code atOnce} cells run at once. */
    public double slowdown(int atOnce) {
        return atOnce == 1 ? 1 : SIDE_BY_SIDE_SLOWDOWN * Math.max(1.0, (double) atOnce / cores);
    }

    /** The wall seconds from the first cell's start to the last one's end with {@link #parallel} slots. */
    public double wallSeconds() {
        List<CellEstimate> order = cells.stream()
                .sorted(Comparator.comparing(CellEstimate::cell, PlannedCell.LONGEST_FIRST)).toList();
        int slots = Math.min(parallel, Math.max(1, cells.size()));
        double factor = slowdown(slots);
        PriorityQueue<Double> freeAt = new PriorityQueue<>();
        for (int i = 0; i < slots; i++) {
            freeAt.add(0.0);
        }
        double end = 0;
        for (CellEstimate c : order) {
            double start = freeAt.poll();
            double finish = start + c.total().seconds() * factor;
            freeAt.add(finish);
            end = Math.max(end, finish);
        }
        return end;
    }
}

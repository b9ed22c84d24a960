package org.actionbench.runner.plan;

import java.util.Comparator;
import java.util.List;
import org.actionbench.data.bench.Action;
import org.actionbench.data.run.RunLayout;

/**
 * One (method, action) cell: trained once, then sampled for every subject, {@code images} in the order
 * they are sampled and recorded (subject by subject in plan order, k = 0..imagesPerPair-1). {@code index}
 * is the cell's place in the plan (the Slurm array task id).
 */
public record PlannedCell(int index, RunLayout.Cell cell, PlannedMethod<?> method, Action action,
        List<PlannedImage> images) {
    public PlannedCell {
        images = List.copyOf(images);
    }

    /**
     * The order cells start in when several run at once ({@code --parallel}, and {@code --plan}'s simulation of
     * it): the most training steps their settings announce first, so short cells fill the end; ties in plan order.
     */
    public static final Comparator<PlannedCell> LONGEST_FIRST = Comparator
            .comparingLong((PlannedCell c) -> c.method().announcedSteps()).reversed()
            .thenComparingInt(PlannedCell::index);

    /** "method/action", how progress lines and messages name the cell. */
    public String label() {
        return cell.method() + "/" + cell.action();
    }
}

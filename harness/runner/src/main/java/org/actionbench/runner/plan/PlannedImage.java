package org.actionbench.runner.plan;

import org.actionbench.data.bench.Subject;

/** One image a cell samples: the subject, its index k, its seed and its run-relative file. */
public record PlannedImage(Subject subject, int k, long seed, String file) {
}

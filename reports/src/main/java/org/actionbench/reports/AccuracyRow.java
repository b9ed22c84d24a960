package org.actionbench.reports;

/**
 * One row of a breakdown: a method, optionally narrowed to one {@code key} (an action, a subject group or a
 * rater; empty for the per-method table). {@code byImage} takes each image once with its raters' majority
 * vote ({@link MajorityVote}); {@code byJudgement} takes every judgement as its own trial. For a single rater
 * the two coincide.
 */
public record AccuracyRow(String method, String key, Accuracy byImage, Accuracy byJudgement) {
}

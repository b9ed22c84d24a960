package org.actionbench.ui.admin;

/** What the dashboard and the exports cover: one run (its id), or every run together ({@code runId} null). */
public record RunScope(Long runId) {
    public static final String ALL = "all";

    public static RunScope all() {
        return new RunScope(null);
    }

    public boolean isAll() {
        return runId == null;
    }

    /** The value of the {@code run} query parameter that selects this scope. */
    public String param() {
        return isAll() ? ALL : runId.toString();
    }
}

package org.actionbench.ui.importer;

import java.util.List;

/**
 * What one import did. {@code problems} are the images left out (missing, corrupt, unknown action...), one
 * line each naming the file; they are imported by a later import once they are whole.
 */
public record ImportReport(String run, String label, int added, int alreadyImported, int unfinishedCells, List<String> problems) {
    public ImportReport {
        problems = List.copyOf(problems);
    }

    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append("Imported ").append(run).append(" as \"").append(label).append("\": ").append(added).append(" new image").append(added == 1 ? "" : "s")
                .append(", ").append(alreadyImported).append(" already imported");
        if (unfinishedCells > 0) {
            b.append("; ").append(unfinishedCells).append(" cell").append(unfinishedCells == 1 ? " is" : "s are")
                    .append(" not finished yet (import again later for their images)");
        }
        if (!problems.isEmpty()) {
            b.append("; ").append(problems.size()).append(" image").append(problems.size() == 1 ? "" : "s")
                    .append(" skipped");
        }
        return b.append('.').toString();
    }
}

package org.actionbench.mini.world;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.data.bench.SubjectGroup;
import org.actionbench.data.io.Png;

/**
 * The ActionBench-Mini world at a glance. {@link #write} lays out one row per action (in {@link PoseFamily}
 * order: raise one arm, cheer, handstand, sit, kick, bow, squat, arms sideways) and one column per subject
 * group (human, celebrity, animal; each row takes the next subject of the group, so the sheet shows several),
 * plus a last column with the human's skeleton map. {@link #writeGrid} shows chosen characters (rows) doing
 * every action (columns). No labels are drawn (text rendering depends on installed fonts); the order above
 * is the legend. Cells are separated by a 2-pixel dark gutter.
 */
public final class ContactSheet {
    private static final int GUTTER = 2;
    private static final Color GUTTER_COLOUR = new Color(40, 40, 40);
    private static final List<SubjectGroup> GROUPS = List.of(SubjectGroup.HUMAN, SubjectGroup.CELEBRITY, SubjectGroup.ANIMAL);

    private ContactSheet() {
    }

    /** The action × group sheet as an image; cells are {@code cell} pixels square. */
    public static BufferedImage actionsByGroup(long seed, int cell) {
        PoseFamily[] actions = PoseFamily.values();
        SceneKind[] scenes = SceneKind.values();
        BufferedImage sheet = canvas(GROUPS.size() + 1, actions.length, cell);
        Graphics2D g = sheet.createGraphics();
        try {
            for (int row = 0; row < actions.length; row++) {
                Render human = null;
                for (int col = 0; col < GROUPS.size(); col++) {
                    List<CastMember> group = members(GROUPS.get(col));
                    CastMember who = group.get(row % group.size());
                    SceneKind where = scenes[(row + 3 * col) % scenes.length];
                    Render r = MiniRenderer.render(who, actions[row], where, cell, Seeds.derive(seed, row * 16L + col));
                    if (col == 0) {
                        human = r;
                    }
                    place(g, r.image(), col, row, cell);
                }
                place(g, human.skeletonMap(), GROUPS.size(), row, cell);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Writes {@link #actionsByGroup} to {@code out} as PNG (atomically). */
    public static void write(Path out, long seed, int cell) throws IOException {
        Png.write(out, actionsByGroup(seed, cell));
    }

    /** One row per character in {@code who}, one column per action. */
    public static BufferedImage grid(List<CastMember> who, long seed, int cell) {
        PoseFamily[] actions = PoseFamily.values();
        SceneKind[] scenes = SceneKind.values();
        BufferedImage sheet = canvas(actions.length, who.size(), cell);
        Graphics2D g = sheet.createGraphics();
        try {
            for (int row = 0; row < who.size(); row++) {
                for (int col = 0; col < actions.length; col++) {
                    Render r = MiniRenderer.render(who.get(row), actions[col], scenes[(row + col) % scenes.length], cell,
                            Seeds.derive(seed, row * 16L + col));
                    place(g, r.image(), col, row, cell);
                }
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Writes {@link #grid} to {@code out} as PNG (atomically). */
    public static void writeGrid(Path out, List<CastMember> who, long seed, int cell) throws IOException {
        Png.write(out, grid(who, seed, cell));
    }

    private static List<CastMember> members(SubjectGroup group) {
        return Cast.EVALUATION.stream().filter(c -> c.subject().group() == group).toList();
    }

    private static BufferedImage canvas(int cols, int rows, int cell) {
        if (cell < 8) {
            throw new IllegalArgumentException("cell size must be at least 8 pixels, got " + cell);
        }
        BufferedImage sheet = new BufferedImage(cols * (cell + GUTTER) + GUTTER, rows * (cell + GUTTER) + GUTTER,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(GUTTER_COLOUR);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.dispose();
        return sheet;
    }

    private static void place(Graphics2D g, BufferedImage img, int col, int row, int cell) {
        g.drawImage(img, GUTTER + col * (cell + GUTTER), GUTTER + row * (cell + GUTTER), null);
    }
}

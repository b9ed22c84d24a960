package org.actionbench.runner.publish;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One action's sample grid: a row per method, a column per subject, each tile the method's first image
 * (k = 0) of that subject, labelled with {@link PixelFont}: method names left of the rows, subject ids above
 * the columns (broken over at most two lines, after a '-' where one fits; the full ids are in results.md).
 * Tiles keep the images' own size (the first image's, should they differ) and are separated by a 2-pixel
 * gutter, so the grid's size is fixed by the image size, the counts and the longest method name:
 * {@code width = PAD + longest name + PAD + GUTTER + columns × (tile + GUTTER)},
 * {@code height = HEADER + GUTTER + rows × (tile + GUTTER)}.
 */
final class SampleGrid {
    static final int PAD = 4;
    static final int GUTTER = 2;
    static final int LINE = PixelFont.GLYPH_HEIGHT + 2;
    /** Two lines of subject id. */
    static final int HEADER = PAD + 2 * LINE + PAD;
    private static final Color BACKGROUND = new Color(40, 40, 40);
    private static final int TEXT = 0xEBEBEB;

    private SampleGrid() {
    }

    /** {@code tiles[row][column]}: the image of {@code methods[row]} for {@code subjects[column]}. */
    static BufferedImage draw(List<String> methods, List<String> subjects, BufferedImage[][] tiles) {
        int tileW = tiles[0][0].getWidth();
        int tileH = tiles[0][0].getHeight();
        int labelWidth = PAD + methods.stream().mapToInt(PixelFont::width).max().orElse(0) + PAD;
        int width = labelWidth + GUTTER + subjects.size() * (tileW + GUTTER);
        int height = HEADER + GUTTER + methods.size() * (tileH + GUTTER);
        BufferedImage grid = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            for (int c = 0; c < subjects.size(); c++) {
                int x = labelWidth + GUTTER + c * (tileW + GUTTER);
                List<String> lines = headerLines(subjects.get(c), (tileW + 1) / PixelFont.ADVANCE);
                for (int l = 0; l < lines.size(); l++) {
                    PixelFont.draw(grid, lines.get(l), x, PAD + l * LINE, TEXT);
                }
            }
            for (int r = 0; r < methods.size(); r++) {
                int y = HEADER + GUTTER + r * (tileH + GUTTER);
                PixelFont.draw(grid, methods.get(r), PAD, y + (tileH - PixelFont.GLYPH_HEIGHT) / 2, TEXT);
                for (int c = 0; c < subjects.size(); c++) {
                    g.drawImage(tiles[r][c], labelWidth + GUTTER + c * (tileW + GUTTER), y, tileW, tileH, null);
                }
            }
        } finally {
            g.dispose();
        }
        return grid;
    }

    /** {@code id} in at most two lines of {@code perLine} characters, broken after a '-' when one fits. */
    static List<String> headerLines(String id, int perLine) {
        if (perLine < 1) {
            return List.of();
        }
        if (id.length() <= perLine) {
            return List.of(id);
        }
        int dash = id.lastIndexOf('-', perLine - 1);
        int cut = dash >= 0 ? dash + 1 : perLine;
        String rest = id.substring(cut);
        return List.of(id.substring(0, cut), rest.length() <= perLine ? rest : rest.substring(0, perLine));
    }
}

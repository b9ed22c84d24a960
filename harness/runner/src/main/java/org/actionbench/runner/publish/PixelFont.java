package org.actionbench.runner.publish;

import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A 5×7 pixel font for the labels of sample grids: ids (letters, digits, '-', '_', '.', '+'), upper case drawn as
 * lower case, anything else as '?'. Drawn pixel by pixel rather than with Java2D's text, which needs installed
 * fonts and renders differently on each machine: with this font a grid's bytes depend on the images alone and
 * its size can be computed from the label lengths.
 */
final class PixelFont {
    static final int GLYPH_WIDTH = 5;
    static final int GLYPH_HEIGHT = 7;
    /** Glyph plus one blank column. */
    static final int ADVANCE = GLYPH_WIDTH + 1;

    private static final Map<Character, String[]> GLYPHS = new HashMap<>();

    static {
        glyph('a', "..... ..... .###. ....# .#### #...# .####");
        glyph('b', "#.... #.... ####. #...# #...# #...# ####.");
        glyph('c', "..... ..... .#### #.... #.... #.... .####");
        glyph('d', "....# ....# .#### #...# #...# #...# .####");
        glyph('e', "..... ..... .###. #...# ##### #.... .###.");
        glyph('f', "..##. .#... ####. .#... .#... .#... .#...");
        glyph('g', "..... .#### #...# #...# .#### ....# .###.");
        glyph('h', "#.... #.... ####. #...# #...# #...# #...#");
        glyph('i', "..#.. ..... .##.. ..#.. ..#.. ..#.. .###.");
        glyph('j', "...#. ..... ..##. ...#. ...#. #..#. .##..");
        glyph('k', "#.... #.... #..#. #.#.. ##... #.#.. #..#.");
        glyph('l', ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.");
        glyph('m', "..... ..... ##.#. #.#.# #.#.# #.#.# #.#.#");
        glyph('n', "..... ..... ####. #...# #...# #...# #...#");
        glyph('o', "..... ..... .###. #...# #...# #...# .###.");
        glyph('p', "..... ..... ####. #...# ####. #.... #....");
        glyph('q', "..... ..... .#### #...# .#### ....# ....#");
        glyph('r', "..... ..... #.##. ##..# #.... #.... #....");
        glyph('s', "..... ..... .#### #.... .###. ....# ####.");
        glyph('t', ".#... .#... ####. .#... .#... .#..# ..##.");
        glyph('u', "..... ..... #...# #...# #...# #..## .##.#");
        glyph('v', "..... ..... #...# #...# #...# .#.#. ..#..");
        glyph('w', "..... ..... #...# #...# #.#.# #.#.# .#.#.");
        glyph('x', "..... ..... #...# .#.#. ..#.. .#.#. #...#");
        glyph('y', "..... #...# #...# #...# .#### ....# .###.");
        glyph('z', "..... ..... ##### ...#. ..#.. .#... #####");
        glyph('0', ".###. #...# #..## #.#.# ##..# #...# .###.");
        glyph('1', "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.");
        glyph('2', ".###. #...# ....# ...#. ..#.. .#... #####");
        glyph('3', "####. ....# ....# .###. ....# ....# ####.");
        glyph('4', "...#. ..##. .#.#. #..#. ##### ...#. ...#.");
        glyph('5', "##### #.... ####. ....# ....# #...# .###.");
        glyph('6', "..##. .#... #.... ####. #...# #...# .###.");
        glyph('7', "##### ....# ...#. ..#.. .#... .#... .#...");
        glyph('8', ".###. #...# #...# .###. #...# #...# .###.");
        glyph('9', ".###. #...# #...# .#### ....# ...#. .##..");
        glyph('-', "..... ..... ..... .###. ..... ..... .....");
        glyph('_', "..... ..... ..... ..... ..... ..... #####");
        glyph('.', "..... ..... ..... ..... ..... .##.. .##..");
        glyph('+', "..... ..#.. ..#.. ##### ..#.. ..#.. .....");
        glyph(' ', "..... ..... ..... ..... ..... ..... .....");
        glyph('?', ".###. #...# ....# ...#. ..#.. ..... ..#..");
    }

    private PixelFont() {
    }

    private static void glyph(char c, String rows) {
        String[] r = rows.split(" ");
        if (r.length != GLYPH_HEIGHT || java.util.Arrays.stream(r).anyMatch(x -> x.length() != GLYPH_WIDTH)) {
            throw new IllegalStateException("glyph '" + c + "' is not " + GLYPH_WIDTH + "×" + GLYPH_HEIGHT);
        }
        GLYPHS.put(c, r);
    }

    /** Width in pixels of {@code text}, without the blank column after its last glyph. */
    static int width(String text) {
        return text.isEmpty() ? 0 : text.length() * ADVANCE - 1;
    }

    /** Draws {@code text} with its top-left corner at (x, y), clipped to the image. */
    static void draw(BufferedImage img, String text, int x, int y, int rgb) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            String[] g = GLYPHS.getOrDefault(lower.charAt(i), GLYPHS.get('?'));
            for (int row = 0; row < GLYPH_HEIGHT; row++) {
                for (int col = 0; col < GLYPH_WIDTH; col++) {
                    int px = x + i * ADVANCE + col;
                    int py = y + row;
                    if (g[row].charAt(col) == '#' && px >= 0 && py >= 0 && px < img.getWidth() && py < img.getHeight()) {
                        img.setRGB(px, py, rgb);
                    }
                }
            }
        }
    }
}

package org.actionbench.engine.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's text cleaning and pre-tokenization: what happens to a caption before BPE sees it.
 *
 * <p>OpenAI's tokenizer first runs ftfy's {@code fix_text}, which is a Python library with no Java
 * port. Of its steps we keep only the Unicode NFC composition (which HuggingFace's CLIP tokenizers
 * also apply, so "e" + combining acute and "é" give the same tokens). Not done: ftfy's repair of
 * mojibake, its straightening of curly quotes, its folding of full-width characters and ligatures,
 * its removal of control characters, and its own extra HTML unescaping (it unescapes once more when
 * the text holds no '&lt;'). For plain prompts these never apply; for text that needs them our ids
 * equal HuggingFace's fast CLIPTokenizer (which has no ftfy either) rather than OpenAI's.
 */
final class ClipText {
    /** CLIP's pattern: the two specials, English contractions, letter runs, single digits, symbol runs. */
    static final Pattern PRE_TOKEN = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

    private ClipText() {
    }

    /**
     * NFC, HTML unescaping twice (CLIP unescapes twice so that doubly escaped captions such as
     * "&amp;amp;" come out right), whitespace runs to one space, trimmed, lower-cased.
     */
    static String clean(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFC);
        s = HtmlUnescape.unescape(HtmlUnescape.unescape(s));
        return collapseWhitespace(s).toLowerCase(Locale.ROOT);
    }

    /** The pieces BPE encodes one by one; each becomes one or more tokens, the last ending a word. */
    static List<String> preTokens(String cleaned) {
        List<String> pieces = new ArrayList<>();
        Matcher m = PRE_TOKEN.matcher(cleaned);
        while (m.find()) {
            pieces.add(m.group());
        }
        return pieces;
    }

    /** Python's {@code re.sub(r"\s+", " ", s).strip()}, with Python's notion of whitespace. */
    static String collapseWhitespace(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isPythonSpace(cp)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /**
     * Python's {@code str.isspace}: bidirectional class WS, B or S, or category Zs. Wider than Java's
     * {@code Character.isWhitespace}: it includes no-break spaces and U+001C..U+001F.
     */
    static boolean isPythonSpace(int cp) {
        byte bidi = Character.getDirectionality(cp);
        return bidi == Character.DIRECTIONALITY_WHITESPACE
                || bidi == Character.DIRECTIONALITY_PARAGRAPH_SEPARATOR
                || bidi == Character.DIRECTIONALITY_SEGMENT_SEPARATOR
                || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }
}

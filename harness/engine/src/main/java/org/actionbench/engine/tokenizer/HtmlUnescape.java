package org.actionbench.engine.tokenizer;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML character references to characters, with the rules of Python's {@code html.unescape}, which
 * CLIP applies to every caption (its training captions were scraped HTML).
 *
 * <p>Numeric references follow HTML5 exactly (C1 code points read as Windows-1252, surrogates and
 * out-of-range values become U+FFFD, other invalid code points vanish). Named references: all 106
 * legacy names (the Latin-1 set plus amp, lt, gt, quot and their upper-case forms), which HTML5 also
 * accepts without the semicolon and as a prefix ("&amp;ampfoo" → "&foo"), and a set of common
 * typographic names with the semicolon. The full HTML5 table has 2,231 names; the rest are left as
 * written, which only matters for text that really contains them.
 */
final class HtmlUnescape {
    /** The same shape of reference Python scans for: a number, or up to 32 name characters. */
    private static final Pattern REFERENCE =
            Pattern.compile("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");

    /** The Latin-1 names in code point order, U+00A0 to U+00FF. */
    private static final String[] LATIN1 = {
        "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
        "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para",
        "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave",
        "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc",
        "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc",
        "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN",
        "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave",
        "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve",
        "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml",
        "yacute", "thorn", "yuml"
    };

    /** Names HTML5 only knows with a semicolon; a common subset of typographic ones. */
    private static final String[][] WITH_SEMICOLON = {
        {"apos", "'"}, {"ndash", "\u2013"}, {"mdash", "\u2014"}, {"lsquo", "\u2018"}, {"rsquo", "\u2019"},
        {"sbquo", "\u201A"}, {"ldquo", "\u201C"}, {"rdquo", "\u201D"}, {"bdquo", "\u201E"},
        {"hellip", "\u2026"}, {"bull", "\u2022"}, {"trade", "\u2122"}, {"euro", "\u20AC"},
        {"dagger", "\u2020"}, {"Dagger", "\u2021"}, {"permil", "\u2030"}, {"lsaquo", "\u2039"},
        {"rsaquo", "\u203A"}, {"prime", "\u2032"}, {"Prime", "\u2033"}, {"larr", "\u2190"},
        {"rarr", "\u2192"}, {"uarr", "\u2191"}, {"darr", "\u2193"}, {"harr", "\u2194"},
        {"hearts", "\u2665"}, {"spades", "\u2660"}, {"clubs", "\u2663"}, {"diams", "\u2666"},
        {"minus", "\u2212"}, {"infin", "\u221E"}, {"ne", "\u2260"}, {"le", "\u2264"}, {"ge", "\u2265"},
        {"ensp", "\u2002"}, {"emsp", "\u2003"}, {"thinsp", "\u2009"}, {"zwnj", "\u200C"},
        {"zwj", "\u200D"}, {"OElig", "\u0152"}, {"oelig", "\u0153"}, {"Scaron", "\u0160"},
        {"scaron", "\u0161"}, {"Yuml", "\u0178"}, {"fnof", "\u0192"}, {"circ", "\u02C6"},
        {"tilde", "\u02DC"}
    };

    /** HTML5's reading of numeric references to C1 controls: the Windows-1252 characters. */
    private static final String CP1252_80_9F =
            "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F"
            + "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    /** Keys as Python's table has them: "amp;" and, for legacy names, also "amp". */
    private static final Map<String, String> NAMES = new HashMap<>();

    static {
        for (int i = 0; i < LATIN1.length; i++) {
            legacy(LATIN1[i], String.valueOf((char) (0xA0 + i)));
        }
        legacy("amp", "&");
        legacy("lt", "<");
        legacy("gt", ">");
        legacy("quot", "\"");
        legacy("AMP", "&");
        legacy("LT", "<");
        legacy("GT", ">");
        legacy("QUOT", "\"");
        legacy("COPY", "\u00A9");
        legacy("REG", "\u00AE");
        for (String[] e : WITH_SEMICOLON) {
            NAMES.put(e[0] + ";", e[1]);
        }
    }

    private static void legacy(String name, String value) {
        NAMES.put(name, value);
        NAMES.put(name + ";", value);
    }

    private HtmlUnescape() {
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = REFERENCE.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replace(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String replace(String ref) {
        if (ref.charAt(0) == '#') {
            boolean hex = ref.charAt(1) == 'x' || ref.charAt(1) == 'X';
            String digits = ref.substring(hex ? 2 : 1);
            if (digits.endsWith(";")) {
                digits = digits.substring(0, digits.length() - 1);
            }
            return numeric(codePoint(digits, hex ? 16 : 10));
        }
        String value = NAMES.get(ref);
        if (value != null) {
            return value;
        }
        // Longest legacy name that prefixes the reference; names of one character do not exist.
        for (int end = ref.length() - 1; end > 1; end--) {
            value = NAMES.get(ref.substring(0, end));
            if (value != null) {
                return value + ref.substring(end);
            }
        }
        return "&" + ref;
    }

    /** The value, or Long.MAX_VALUE when it is far beyond Unicode (Python's int never overflows). */
    private static long codePoint(String digits, int radix) {
        String trimmed = digits.replaceFirst("^0+(?=.)", "");
        if (trimmed.length() > 8) {
            return Long.MAX_VALUE;
        }
        return Long.parseLong(trimmed, radix);
    }

    private static String numeric(long n) {
        if (n == 0) {
            return "\uFFFD";
        }
        if (n == 0x0D) {
            return "\r";
        }
        if (n >= 0x80 && n <= 0x9F) {
            return String.valueOf(CP1252_80_9F.charAt((int) n - 0x80));
        }
        if ((n >= 0xD800 && n <= 0xDFFF) || n > 0x10FFFF) {
            return "\uFFFD";
        }
        if ((n >= 0x01 && n <= 0x08) || n == 0x0B || (n >= 0x0E && n <= 0x1F) || n == 0x7F
                || (n >= 0xFDD0 && n <= 0xFDEF) || (n & 0xFFFE) == 0xFFFE) {
            return "";
        }
        return new String(Character.toChars((int) n));
    }
}

package org.actionbench.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Expected values from the HTML5 character-reference rules that Python's html.unescape implements
 * (html.spec.whatwg.org "Named character references" and "numeric character reference end state").
 */
class HtmlUnescapeTest {
    static String u(String s) {
        return HtmlUnescape.unescape(s);
    }

    @Test
    void namedReferences() {
        assertEquals("a & b", u("a &amp; b"));
        assertEquals("<b>\"x\"'", u("&lt;b&gt;&quot;x&quot;&apos;"));
        assertEquals("\u00e9\u00c9\u00ff\u00a0", u("&eacute;&Eacute;&yuml;&nbsp;"));
        assertEquals("\u2026 \u2014 \u2019", u("&hellip; &mdash; &rsquo;"));
    }

    @Test
    void legacyNamesWorkWithoutSemicolonAndAsPrefix() {
        assertEquals("&", u("&amp"));
        assertEquals("&foo", u("&ampfoo"));
        assertEquals("\u00c9cole", u("&Eacutecole"));
        // The spec's own example: "&notit;" is "¬" followed by "it;".
        assertEquals("I'm \u00acit; I tell you", u("I'm &notit; I tell you"));
        // Names that need a semicolon do not work without it.
        assertEquals("&hellip", u("&hellip"));
    }

    @Test
    void unknownReferencesStayAsWritten() {
        assertEquals("&unknownentity; AT&T & x &", u("&unknownentity; AT&T & x &"));
        assertEquals("no ampersand", u("no ampersand"));
    }

    @Test
    void numericReferences() {
        assertEquals("A'A'A", u("&#65;&#39;&#x41;&#x27;&#X41"));
        assertEquals("\ud83d\ude00", u("&#x1F600;"));
        // C1 controls read as Windows-1252.
        assertEquals("\u20ac\u2013\u0081", u("&#128;&#x96;&#129;"));
        // NUL, surrogates and values past U+10FFFF become U+FFFD; CR stays CR.
        assertEquals("\ufffd\ufffd\ufffd\ufffd\r", u("&#0;&#xD800;&#x110000;&#99999999999999999999;&#13;"));
        // Other invalid code points vanish.
        assertEquals("ab", u("a&#1;&#x7f;&#xFFFF;&#x10FFFE;b"));
    }
}

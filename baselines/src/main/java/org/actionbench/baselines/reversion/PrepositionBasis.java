package org.actionbench.baselines.reversion;

import java.util.List;

/**
 * The word lists of ReVersion's relation-steering (its {@code templates/relation_words.py} and
 * {@code templates/stop_words.py}): the prepositions that span the "relation" region of the embedding space
 * (positives are drawn from them), and the stop words (NLTK's English list) that, with the prepositions,
 * never count as negatives.
 */
public final class PrepositionBasis {
    private PrepositionBasis() {
    }

    public static final List<String> PREPOSITIONS = List.of("aboard", "about", "above", "across", "after",
            "against", "along", "alongside", "amid", "amidst", "among", "amongst", "anti", "around", "astride", "at",
            "atop", "before", "behind", "below", "beneath", "beside", "between", "beyond", "by", "down", "following",
            "from", "in", "including", "inside", "into", "near", "of", "off", "on", "onto", "opposite", "out",
            "outside", "over", "past", "regarding", "round", "through", "throughout", "to", "toward", "towards",
            "under", "underneath", "up", "upon", "versus", "with", "within");

    public static final List<String> STOP_WORDS = List.of("i", "me", "my", "myself", "we", "our", "ours",
            "ourselves", "you", "your", "yours", "yourself", "yourselves", "he", "him", "his", "himself", "she", "her",
            "hers", "herself", "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which",
            "who", "whom", "this", "that", "these", "those", "am", "is", "are", "was", "were", "be", "been", "being",
            "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or",
            "because", "as", "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into",
            "through", "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on",
            "off", "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how",
            "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not", "only",
            "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don", "should", "now");
}

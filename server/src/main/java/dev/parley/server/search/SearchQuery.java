package dev.parley.server.search;

import dev.parley.server.common.ApiException;
import dev.parley.server.common.TextFold;
import java.util.ArrayList;
import java.util.List;

/**
 * What someone typed into a search box, as terms that must all match (in any order). A term of letters and digits
 * in a script written with spaces is a {@link Kind#WORD}: it matches words that start with it (so the word being
 * typed, "mee", finds "meeting"), or, a single character, only that word. Anything else (a code like "2027-A", an
 * address, text in a script written without spaces such as Chinese, Japanese or Thai, an emoji) is a
 * {@link Kind#SUBSTRING} that matches anywhere in the text. Punctuation around a term is not part of it.
 */
record SearchQuery(List<Term> terms) {

    /** The longest query accepted, in characters, and the most terms. */
    static final int MAX_LENGTH = 200;
    static final int MAX_TERMS = 10;

    enum Kind { WORD, SUBSTRING }

    /**
     * One term as typed (the database folds it the way it folded the text), and {@code folded} as the server folds
     * it to find it again in a hit's text ({@link Snippets}).
     */
    record Term(String text, Kind kind, String folded) {
        Term(String text, Kind kind) {
            this(text, kind, TextFold.fold(text));
        }

        /** Whether a word term also matches longer words that start with it. */
        boolean prefix() {
            return kind == Kind.WORD && text.codePointCount(0, text.length()) > 1;
        }
    }

    static SearchQuery parse(String q) {
        if (q == null || q.isBlank()) {
            throw ApiException.validation("type something to search for (q is empty)");
        }
        if (q.length() > MAX_LENGTH) {
            throw ApiException.validation("the search is too long: at most " + MAX_LENGTH + " characters");
        }
        List<Term> terms = new ArrayList<>();
        for (String token : q.strip().split("\\s+")) {
            String term = trimPunctuation(token);
            if (term.isEmpty()) {
                term = token; // only symbols, e.g. an emoji: searched as it is
            }
            if (term.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.validation("the search must not contain control characters");
            }
            Term parsed = new Term(term, isWord(term) ? Kind.WORD : Kind.SUBSTRING);
            if (!terms.contains(parsed)) {
                terms.add(parsed);
            }
        }
        if (terms.size() > MAX_TERMS) {
            throw ApiException.validation("the search has too many words: at most " + MAX_TERMS);
        }
        return new SearchQuery(List.copyOf(terms));
    }

    List<Term> words() {
        return terms.stream().filter(term -> term.kind() == Kind.WORD).toList();
    }

    List<Term> substrings() {
        return terms.stream().filter(term -> term.kind() == Kind.SUBSTRING).toList();
    }

    private static String trimPunctuation(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && !isWordChar(token.codePointAt(start))) {
            start += Character.charCount(token.codePointAt(start));
        }
        while (end > start && !isWordChar(token.codePointBefore(end))) {
            end -= Character.charCount(token.codePointBefore(end));
        }
        return token.substring(start, end);
    }

    private static boolean isWord(String term) {
        return term.codePoints().allMatch(c -> isWordChar(c) && !writtenWithoutSpaces(c));
    }

    private static boolean isWordChar(int codePoint) {
        return Character.isLetterOrDigit(codePoint) || Character.getType(codePoint) == Character.NON_SPACING_MARK
                || Character.getType(codePoint) == Character.COMBINING_SPACING_MARK;
    }

    /** Scripts whose words are not separated by spaces: a word there is found as a substring. */
    private static boolean writtenWithoutSpaces(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return switch (script) {
            case HAN, HIRAGANA, KATAKANA, THAI, LAO, KHMER, MYANMAR, TIBETAN, YI, BOPOMOFO -> true;
            default -> false;
        };
    }
}

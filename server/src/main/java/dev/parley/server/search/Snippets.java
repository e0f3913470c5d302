package dev.parley.server.search;

import dev.parley.protocol.SearchPage.SnippetPart;
import dev.parley.server.common.TextFold;
import java.util.ArrayList;
import java.util.List;

/**
 * The snippet of a hit: a window of the message's text around its first match, as plain-text parts of which the
 * matched ones are marked. Matching is done again here, on text folded as the database folds it, only to know what
 * to mark: which messages match is the database's decision.
 */
final class Snippets {

    /** Texts up to this long are shown whole; longer ones as a window of about this size around the first match. */
    static final int WINDOW = 160;
    /** How much of the text before the first match a window shows. */
    private static final int LEAD = 50;
    private static final String ELLIPSIS = "…";

    private Snippets() {
    }

    /** The snippet of {@code text} for these terms; the text's start when no term is found in it. */
    static List<SnippetPart> of(String text, SearchQuery query) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        List<int[]> matches = matches(oneLine, query);
        int start = 0;
        int end = oneLine.length();
        if (oneLine.length() > WINDOW) {
            int first = matches.isEmpty() ? 0 : matches.getFirst()[0];
            start = first <= LEAD ? 0 : wordStartAfter(oneLine, first - LEAD, first);
            end = Math.min(oneLine.length(), start + WINDOW);
            if (end < oneLine.length()) {
                int space = oneLine.lastIndexOf(' ', end);
                end = space > first + 1 ? space : end;
                end = Character.isLowSurrogate(oneLine.charAt(end)) ? end - 1 : end;
            }
        }
        List<SnippetPart> parts = new ArrayList<>();
        StringBuilder plain = new StringBuilder(start > 0 ? ELLIPSIS : "");
        int at = start;
        for (int[] match : matches) {
            int from = Math.max(match[0], start);
            int to = Math.min(match[1], end);
            if (from >= to) {
                continue;
            }
            plain.append(oneLine, at, from);
            if (!plain.isEmpty()) {
                parts.add(new SnippetPart(plain.toString(), false));
                plain.setLength(0);
            }
            parts.add(new SnippetPart(oneLine.substring(from, to), true));
            at = to;
        }
        plain.append(oneLine, at, end).append(end < oneLine.length() ? ELLIPSIS : "");
        if (!plain.isEmpty()) {
            parts.add(new SnippetPart(plain.toString(), false));
        }
        return parts;
    }

    /** Whether any term of the query is found in {@code text}. */
    static boolean matchesAny(String text, SearchQuery query) {
        return !matches(text, query).isEmpty();
    }

    /** Where the terms are found in {@code text}: [start, end) ranges, sorted, not overlapping. */
    static List<int[]> matches(String text, SearchQuery query) {
        TextFold fold = TextFold.of(text);
        String folded = fold.folded();
        List<int[]> found = new ArrayList<>();
        for (SearchQuery.Term term : query.terms()) {
            String needle = term.folded();
            if (needle.isEmpty()) {
                continue;
            }
            for (int i = folded.indexOf(needle); i >= 0; i = folded.indexOf(needle, i + 1)) {
                if (term.kind() == SearchQuery.Kind.WORD) {
                    boolean startsWord = i == 0 || !Character.isLetterOrDigit(folded.codePointBefore(i));
                    int after = i + needle.length();
                    boolean endsWord = after == folded.length() || !Character.isLetterOrDigit(folded.codePointAt(after));
                    if (!startsWord || (!term.prefix() && !endsWord)) {
                        continue;
                    }
                }
                found.add(fold.positions(i, i + needle.length()));
            }
        }
        found.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
        List<int[]> merged = new ArrayList<>();
        for (int[] range : found) {
            if (!merged.isEmpty() && range[0] <= merged.getLast()[1]) {
                merged.getLast()[1] = Math.max(merged.getLast()[1], range[1]);
            } else {
                merged.add(range.clone());
            }
        }
        return merged;
    }

    /** The start of the first word at or after {@code from} (before {@code limit}), so a window does not cut a word. */
    private static int wordStartAfter(String text, int from, int limit) {
        int space = text.indexOf(' ', from);
        int start = space >= 0 && space < limit ? space + 1 : from;
        return Character.isLowSurrogate(text.charAt(start)) ? start - 1 : start;
    }
}

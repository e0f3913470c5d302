package dev.parley.server.common;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text folded the way search compares it: accents and other marks removed, compatibility forms and the few letters
 * that do not decompose ("ß", "æ", "ø", "ł", ...) spelled out, lower case; the same folding as the database's
 * {@code parley_fold} (PostgreSQL's unaccent, then lower), so that what the database matched can be found again in
 * the text to highlight it. {@link #positions} maps each character of the folded text back to where it came from.
 */
public record TextFold(String folded, int[] starts, int[] ends) {

    /** The folding of every code point below this, worked out once: Latin-1 and Latin Extended-A and B. */
    private static final int TABLE_END = 0x250;
    private static final String[] TABLE = new String[TABLE_END];

    static {
        for (int codePoint = 0x80; codePoint < TABLE_END; codePoint++) {
            TABLE[codePoint] = foldUncached(codePoint);
        }
    }

    /** {@code text} folded, with where in {@code text} each folded character came from. */
    public static TextFold of(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        int[] starts = new int[text.length() + 16]; // most characters fold to one; grown for those that do not
        int[] ends = new int[starts.length];
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            // ASCII, most text, folds without allocating a string per character
            String piece = codePoint < 0x80 ? null : foldCodePoint(codePoint);
            int length = piece == null ? 1 : piece.length();
            for (int k = 0; k < length; k++) {
                if (n == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, n * 2);
                    ends = java.util.Arrays.copyOf(ends, n * 2);
                }
                folded.append(piece == null ? (char) Character.toLowerCase(codePoint) : piece.charAt(k));
                starts[n] = i;
                ends[n] = next;
                n++;
            }
            i = next;
        }
        return new TextFold(folded.toString(), java.util.Arrays.copyOf(starts, n), java.util.Arrays.copyOf(ends, n));
    }

    /** Just the folded text. */
    public static String fold(String text) {
        return of(text).folded();
    }

    /** Where the folded characters {@code from} (inclusive) to {@code to} (exclusive) are in the original text. */
    public int[] positions(int from, int to) {
        return new int[] {starts[from], ends[to - 1]};
    }

    private static String foldCodePoint(int codePoint) {
        return codePoint < TABLE_END ? TABLE[codePoint] : foldUncached(codePoint);
    }

    private static String foldUncached(int codePoint) {
        String special = switch (codePoint) {
            case 'ß' -> "ss";
            case 'æ', 'Æ' -> "ae";
            case 'œ', 'Œ' -> "oe";
            case 'ø', 'Ø' -> "o";
            case 'ł', 'Ł' -> "l";
            case 'đ', 'Đ', 'ð', 'Ð' -> "d";
            case 'þ', 'Þ' -> "th";
            case 'ı' -> "i";
            default -> null;
        };
        if (special != null) {
            return special;
        }
        String decomposed = Normalizer.normalize(Character.toString(codePoint), Normalizer.Form.NFKD);
        StringBuilder kept = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                .forEach(kept::appendCodePoint);
        return kept.toString().toLowerCase(Locale.ROOT);
    }
}

package dev.parley.server.message;

import dev.parley.server.common.ApiException;
import java.util.regex.Pattern;

/**
 * What a reaction may be: exactly one emoji, judged by the Unicode emoji properties the JDK carries
 * ({@link Character#isEmoji}, {@link Character#isExtendedPictographic} and their kin, kept current with each
 * release): one grapheme cluster that is a pictograph (👍, ❤️ with its variation selector, 👍🏽 with a skin tone,
 * 👨‍👩‍👧 joined with ZWJ, 🏴󠁧󠁢󠁳󠁣󠁴󠁿 with tags), a flag of two regional indicators (🇫🇷) or a keycap (1️⃣). A letter, a plain digit,
 * two emoji, an emoji with text beside it, or a lone modifier, joiner or indicator is refused.
 */
final class Emoji {

    /** Longer than any emoji sequence (the longest, family and flag tag sequences, have about 15 UTF-16 units). */
    private static final int MAX_LENGTH = 32;
    private static final Pattern ONE_GRAPHEME = Pattern.compile("\\X");
    private static final int ZWJ = 0x200D;
    private static final int VS15 = 0xFE0E;
    private static final int VS16 = 0xFE0F;
    private static final int KEYCAP = 0x20E3;
    private static final int TAG_FIRST = 0xE0020;
    private static final int TAG_LAST = 0xE007F;
    private static final int RI_FIRST = 0x1F1E6;
    private static final int RI_LAST = 0x1F1FF;

    private Emoji() {
    }

    /** {@code text} when it is one emoji; else a validation error. */
    static String check(String text) {
        if (!isOne(text)) {
            throw ApiException.validation("emoji must be exactly one emoji (such as 👍), or null to remove yours");
        }
        return text;
    }

    static boolean isOne(String text) {
        if (text.isEmpty() || text.length() > MAX_LENGTH || !ONE_GRAPHEME.matcher(text).matches()) {
            return false;
        }
        int[] points = text.codePoints().toArray();
        int first = points[0];
        if (isRegionalIndicator(first)) {
            return points.length == 2 && isRegionalIndicator(points[1]);
        }
        if (first == '#' || first == '*' || (first >= '0' && first <= '9')) {
            return points[points.length - 1] == KEYCAP
                    && (points.length == 2 || (points.length == 3 && points[1] == VS16));
        }
        if (!Character.isExtendedPictographic(first) && !Character.isEmojiPresentation(first)
                || Character.isEmojiModifier(first)) {
            return false;
        }
        for (int i = 1; i < points.length; i++) {
            int c = points[i];
            boolean part = c == ZWJ || c == VS16 || c == VS15 || (c >= TAG_FIRST && c <= TAG_LAST)
                    || Character.isEmojiModifier(c) || Character.isExtendedPictographic(c)
                    || Character.isEmojiPresentation(c);
            if (!part) {
                return false;
            }
        }
        return true;
    }

    private static boolean isRegionalIndicator(int c) {
        return c >= RI_FIRST && c <= RI_LAST;
    }
}

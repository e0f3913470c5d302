package dev.parley.desktop.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Message text as WhatsApp shows it: http(s) links, {@code *bold*}, {@code _italic_}, {@code ~strike~} and
 * {@code `code`}, split into styled segments (the web client's {@code js/richText.js} follows the same rules). Pure:
 * the bubble builds its text nodes from the segments, so nothing in a message is ever interpreted as markup.
 */
public final class RichText {

    /** A run of text with one style; {@code href} is null or an http(s) URL. */
    public record Segment(String text, boolean bold, boolean italic, boolean strike, boolean code, String href) {
        public static Segment plain(String text) {
            return new Segment(text, false, false, false, false, null);
        }
    }

    private record Style(boolean bold, boolean italic, boolean strike, boolean code) {
        static final Style PLAIN = new Style(false, false, false, false);

        boolean has(char marker) {
            return switch (marker) {
                case '*' -> bold;
                case '_' -> italic;
                case '~' -> strike;
                default -> code;
            };
        }

        Style with(char marker) {
            return new Style(bold || marker == '*', italic || marker == '_', strike || marker == '~',
                    code || marker == '`');
        }
    }

    private record Link(int start, int end, String href) {}

    private static final Map<Character, Boolean> MARKERS = Map.of('*', true, '_', true, '~', true, '`', true);
    /** A link starts at "http://" or "https://" not glued to a word; only these schemes ever become links. */
    private static final Pattern LINK = Pattern.compile("(?<![\\p{L}\\p{N}])https?://[^\\s<>\"]+",
            Pattern.CASE_INSENSITIVE);
    /** Punctuation that ends a sentence rather than the address ("see https://example.com/x."). */
    private static final Pattern TRAILING = Pattern.compile("[.,;:!?'\"*_~`]+$");
    private static final Pattern WITH_HOST = Pattern.compile("(?i)^https?://[^/?#].*");
    private static final Pattern EMOJI = Pattern.compile(
            "(?:\\p{IsExtended_Pictographic}|\\p{IsEmoji_Modifier}|[\\x{1F1E6}-\\x{1F1FF}\\x{200D}\\x{FE0F}\\x{20E3}#*0-9"
                    + "\\x{E0020}-\\x{E007F}])+");
    private static final Pattern EMOJI_BASE = Pattern.compile(
            "\\p{IsExtended_Pictographic}|[\\x{1F1E6}-\\x{1F1FF}\\x{20E3}]");
    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    private RichText() {}

    /**
     * Splits {@code text} into segments. A marker opens only after a non-word character (or at the start) and
     * before a non-space, and closes only after a non-space and before a non-word character (or at the end), on
     * the same line: {@code snake_case} and {@code 2*3*4} stay as they are. Inside code nothing is formatted or
     * linked.
     */
    public static List<Segment> parse(String text) {
        List<Segment> out = new ArrayList<>();
        parse(text == null ? "" : text, Style.PLAIN, out);
        return List.copyOf(out);
    }

    /** Whether {@code text} is one to three emoji and nothing else (spaces aside): WhatsApp shows those larger. */
    public static boolean isEmojiOnly(String text) {
        Matcher graphemes = GRAPHEME.matcher(text == null ? "" : text.replaceAll("\\s+", ""));
        int count = 0;
        while (graphemes.find()) {
            String part = graphemes.group();
            if (++count > 3 || !EMOJI.matcher(part).matches() || !EMOJI_BASE.matcher(part).find()) {
                return false;
            }
        }
        return count > 0;
    }

    /** Characters of a long message shown until "Read more" (WhatsApp folds long messages the same way). */
    public static final int READ_MORE_AT = 1_500;

    /**
     * Where to fold a long message, as the web client's {@code foldedText} does: null when it is short enough to show
     * whole (up to {@link #READ_MORE_AT} plus a little, so a fold never hides only a few words), else the text shown
     * before "Read more", cut at the last space or line break within 200 characters of the fold (in code points, so
     * no emoji is cut in half) and ended with "…".
     */
    public static String folded(String text) {
        int[] chars = (text == null ? "" : text).codePoints().toArray();
        if (chars.length <= READ_MORE_AT + 200) {
            return null;
        }
        int cut = READ_MORE_AT;
        for (int i = READ_MORE_AT; i > READ_MORE_AT - 200; i--) {
            if (Character.isWhitespace(chars[i]) || Character.isSpaceChar(chars[i])) {
                cut = i;
                break;
            }
        }
        return new String(chars, 0, cut).stripTrailing() + "…";
    }

    /** The different emoji in {@code text}, each a whole one (a skin tone, a flag, a keycap), in order of first use. */
    public static List<String> emojiIn(String text) {
        Matcher graphemes = GRAPHEME.matcher(text == null ? "" : text);
        java.util.LinkedHashSet<String> found = new java.util.LinkedHashSet<>();
        while (graphemes.find()) {
            String part = graphemes.group();
            if (EMOJI.matcher(part).matches() && EMOJI_BASE.matcher(part).find()) {
                found.add(part);
            }
        }
        return List.copyOf(found);
    }

    private static void parse(String text, Style style, List<Segment> out) {
        if (style.code()) {
            push(out, text, style, null);
            return;
        }
        List<Link> links = links(text);
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int at = i;
            Link link = links.stream().filter(l -> l.start() == at).findFirst().orElse(null);
            if (link != null) {
                push(out, plain.toString(), style, null);
                plain.setLength(0);
                push(out, link.href(), style, link.href());
                i = link.end();
                continue;
            }
            char c = text.charAt(i);
            int close = MARKERS.containsKey(c) && !style.has(c) ? closingMarker(text, i, links) : -1;
            if (close > 0) {
                push(out, plain.toString(), style, null);
                plain.setLength(0);
                parse(text.substring(i + 1, close), style.with(c), out);
                i = close + 1;
                continue;
            }
            plain.append(c);
            i++;
        }
        push(out, plain.toString(), style, null);
    }

    private static List<Link> links(String text) {
        List<Link> links = new ArrayList<>();
        Matcher matcher = LINK.matcher(text);
        while (matcher.find()) {
            String href = TRAILING.matcher(matcher.group()).replaceFirst("");
            // A closing bracket belongs to the address only when it has an opening one ("…/Foo_(bar)" vs "(see …)").
            while (!href.isEmpty() && unbalancedClose(href)) {
                href = TRAILING.matcher(href.substring(0, href.length() - 1)).replaceFirst("");
            }
            if (WITH_HOST.matcher(href).matches()) {
                links.add(new Link(matcher.start(), matcher.start() + href.length(), href));
            }
        }
        return links;
    }

    private static boolean unbalancedClose(String href) {
        char last = href.charAt(href.length() - 1);
        if (last != ')' && last != ']') {
            return false;
        }
        char open = last == ')' ? '(' : '[';
        return href.chars().filter(ch -> ch == last).count() > href.chars().filter(ch -> ch == open).count();
    }

    /** Index of the marker closing the one at {@code open}, or -1; never inside a link, never across a line. */
    private static int closingMarker(String text, int open, List<Link> links) {
        char marker = text.charAt(open);
        if ((open > 0 && isWord(text.charAt(open - 1))) || open + 1 >= text.length()
                || Character.isWhitespace(text.charAt(open + 1))) {
            return -1;
        }
        for (int j = open + 2; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '\n') {
                return -1;
            }
            int at = j;
            if (c != marker || links.stream().anyMatch(l -> at >= l.start() && at < l.end())) {
                continue;
            }
            if (!Character.isWhitespace(text.charAt(j - 1)) && (j + 1 == text.length() || !isWord(text.charAt(j + 1)))) {
                return j;
            }
        }
        return -1;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c);
    }

    private static void push(List<Segment> out, String text, Style style, String href) {
        if (text.isEmpty()) {
            return;
        }
        Segment last = out.isEmpty() ? null : out.getLast();
        if (last != null && href == null && last.href() == null && last.bold() == style.bold()
                && last.italic() == style.italic() && last.strike() == style.strike() && last.code() == style.code()) {
            out.set(out.size() - 1, new Segment(last.text() + text, style.bold(), style.italic(), style.strike(),
                    style.code(), null));
        } else {
            out.add(new Segment(text, style.bold(), style.italic(), style.strike(), style.code(), href));
        }
    }
}

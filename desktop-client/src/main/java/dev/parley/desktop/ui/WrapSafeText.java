package dev.parley.desktop.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * Text that wraps, cut into pieces JavaFX 25 can wrap. Its text layout throws ({@code ArrayIndexOutOfBoundsException}
 * in {@code PrismTextLayout.computeTrailingSpaceWidth}, JavaFX 25.0.2) whenever it wraps a line inside a right-to-left
 * run, so a {@code Label} with {@code wrapText} or one {@code Text} holding a Hebrew or Arabic sentence fails at every
 * width narrower than the sentence. Right-to-left text is cut into one piece per word (with the spaces after it):
 * between the nodes of a {@code TextFlow} a line breaks without cutting a run. A right-to-left word too long to be sure
 * it fits the narrowest line it is shown in is cut into one piece per character, since a character wrap inside it
 * would cut its run too (Arabic letters of such a word then lose their joined forms, a lesser harm than a crash). Text
 * without right-to-left letters stays in one piece; the bidi order is the flow's, over all of its nodes together.
 */
final class WrapSafeText {

    /** Each word with the spaces (or line break) after it. */
    private static final Pattern WORDS = Pattern.compile("(?<=\\s)(?=\\S)");
    private static final Pattern GRAPHEME = Pattern.compile("\\X");
    /**
     * The longest right-to-left word kept in one piece: 14 characters fit the narrowest bubble's line (160 px, see
     * {@code MessageCell}) even in bold.
     */
    private static final int LONGEST_WHOLE_RTL_WORD = 14;

    private WrapSafeText() {
    }

    /** {@code text} in pieces that are safe to wrap between, in order; joined they are {@code text}. */
    static List<String> pieces(String text) {
        if (!rightToLeft(text)) {
            return List.of(text);
        }
        List<String> pieces = new ArrayList<>();
        for (String word : WORDS.split(text)) {
            if (word.codePointCount(0, word.length()) > LONGEST_WHOLE_RTL_WORD && rightToLeft(word)) {
                Matcher characters = GRAPHEME.matcher(word);
                while (characters.find()) {
                    pieces.add(characters.group());
                }
            } else {
                pieces.add(word);
            }
        }
        return pieces;
    }

    /**
     * A {@code TextFlow} never laid out narrower than its widest right-to-left piece: narrower, that piece would be cut
     * by a character wrap, inside its run. That is its min width, and it takes no narrower size nor measures its height
     * for one, whatever its parent asks (a list cell is first sized at a few pixels: the app froze once so, throwing at
     * every pulse after).
     */
    static final class Flow extends TextFlow {
        private final Text measure = new Text();

        @Override
        public void resize(double width, double height) {
            super.resize(Math.max(width, minWidth(-1)), height);
        }

        @Override
        protected double computePrefHeight(double width) {
            return super.computePrefHeight(width < 0 ? width : Math.max(width, minWidth(-1)));
        }

        @Override
        protected double computeMinWidth(double height) {
            double widest = 0;
            for (javafx.scene.Node child : getManagedChildren()) {
                if (child instanceof Text piece && rightToLeft(piece.getText())) {
                    measure.setFont(piece.getFont());
                    measure.setText(piece.getText());
                    widest = Math.max(widest, measure.getLayoutBounds().getWidth());
                }
            }
            return snapSizeX(widest + snappedLeftInset() + snappedRightInset() + 1);
        }
    }

    /** A flow of {@code text} in {@link #pieces}, each a {@code Text} with {@code styleClass}: a wrapping label. */
    static TextFlow flow(String text, String styleClass) {
        TextFlow flow = new Flow();
        set(flow, text, styleClass);
        return flow;
    }

    /** Puts {@code text} in {@code flow}, as {@link #flow} does. */
    static void set(TextFlow flow, String text, String styleClass) {
        List<Text> nodes = new ArrayList<>();
        for (String piece : pieces(text)) {
            Text node = new Text(piece);
            node.getStyleClass().add(styleClass);
            nodes.add(node);
        }
        flow.getChildren().setAll(nodes);
    }

    /** The text a flow of pieces shows. */
    static String text(TextFlow flow) {
        StringBuilder text = new StringBuilder();
        flow.getChildren().forEach(node -> text.append(node instanceof Text piece ? piece.getText() : ""));
        return text.toString();
    }

    /** The paragraph direction of {@code text}, as {@code dir="auto"} gives it in a browser (see below). */
    static javafx.geometry.NodeOrientation orientation(String text) {
        return startsRightToLeft(text) ? javafx.geometry.NodeOrientation.RIGHT_TO_LEFT
                : javafx.geometry.NodeOrientation.LEFT_TO_RIGHT;
    }

    /**
     * Whether the first strong directional character of {@code text} is right-to-left (Hebrew, Arabic): the
     * paragraph direction a browser gives it under {@code dir="auto"}. False for text without a strong character.
     */
    static boolean startsRightToLeft(String text) {
        return text.codePoints().map(Character::getDirectionality)
                .filter(d -> d == Character.DIRECTIONALITY_LEFT_TO_RIGHT || rightToLeft((byte) d))
                .findFirst().stream().anyMatch(d -> rightToLeft((byte) d));
    }

    private static boolean rightToLeft(byte direction) {
        return direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    private static boolean rightToLeft(String text) {
        return text.codePoints().anyMatch(c -> rightToLeft(Character.getDirectionality(c)));
    }
}

package dev.parley.desktop.ui;

import dev.parley.desktop.chat.RichText;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.NodeOrientation;
import javafx.geometry.Orientation;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.PathElement;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * A message bubble: in a group, the sender's name on top in their colour (the first bubble of a run only); then the
 * quote of the message it answers, if any; then its photos and files ({@link AttachmentsPane}); then the text flows
 * (a deleted message's tombstone in italics), and the time with its ticks sits at the bottom right, at the end of the
 * last line when that line has room (the bubble widening up to its maximum for it) and on a line of its own only
 * when it has not (the web client floats it the same way). One measurement ({@link #measure}: where the text's last
 * line ends, asked of the laid-out flow) decides both the bubble's size and where the time goes, so a list cell's
 * height never disagrees with its layout. The text is built from {@link RichText} segments: styled {@code Text}
 * nodes, and a {@code Hyperlink} for each link. A long message shows {@link RichText#folded} of its text and a
 * "Read more" link after it until it is expanded (the time then measured after that link, as after any last line).
 * Right-to-left text (Hebrew, Arabic) goes in one {@code Text} per word ({@link WrapSafeText}: JavaFX 25 throws
 * wrapping a line inside a right-to-left run). A text whose first strong character is right-to-left is a
 * right-to-left paragraph, its lines right-aligned (the web's {@code dir="auto"}); its time goes beside the text
 * when the bubble can widen for it, else on a line of its own (never at the end of a short last line, which ends at
 * the right edge).
 */
final class Bubble extends Region {

    private static final double GAP = 4;
    /** A caption-less message of photos: the time lies over the bottom right of the photos, as on WhatsApp. */
    private static final PseudoClass PHOTO_ONLY = PseudoClass.getPseudoClass("photo-only");
    /** How far the time over a photo sits from its bottom and right edges. */
    private static final double OVER_PHOTO_INSET = 6;

    private final Label sender = new Label();
    private String senderColour;
    private final TextFlow flow = new WrapSafeText.Flow();
    private final Node meta;
    private final Region quote;
    private final AttachmentsPane media;
    private final Consumer<String> openLink;
    private double maxTextWidth = 400;
    private String content;
    private boolean tombstone;
    private boolean expanded;
    private Runnable readMore = () -> { };

    /**
     * {@code quote} shows the message this one answers (hidden until {@link #showQuote}); {@code openLink} opens a
     * link's URL (in the system browser); it is called on the FX thread.
     */
    Bubble(Node meta, Region quote, AttachmentsPane media, Consumer<String> openLink) {
        this.meta = meta;
        this.quote = quote;
        this.media = media;
        media.setVisible(false);
        media.setManaged(false);
        this.openLink = openLink;
        getStyleClass().add("bubble");
        flow.getStyleClass().add("bubble-flow");
        sender.getStyleClass().add("bubble-sender");
        sender.setMinWidth(0);
        sender.setVisible(false);
        sender.setManaged(false);
        quote.setVisible(false);
        quote.setManaged(false);
        quote.setMinWidth(0);
        getChildren().addAll(flow, meta, sender, quote, media);
        media.getChildren().addListener((javafx.beans.InvalidationListener) change -> markPhotoOnly());
    }

    /** Styles a caption-less message of photos as one (its padding and the time's shade) whenever that changes. */
    private void markPhotoOnly() {
        boolean photoOnly = photoOnly();
        pseudoClassStateChanged(PHOTO_ONLY, photoOnly);
        meta.pseudoClassStateChanged(PHOTO_ONLY, photoOnly);
        flow.setVisible(content != null && !content.isEmpty() && !photoOnly);
        meta.setViewOrder(photoOnly ? -1 : 0); // drawn over the photos, not under them
        requestLayout();
    }

    /** Shows the quote (its content set by the caller) over the text, or hides it. */
    void showQuote(boolean shown) {
        if (quote.isVisible() != shown) {
            quote.setVisible(shown);
            requestLayout();
        }
    }

    private double mediaHeight() {
        return media.isVisible() ? media.prefHeight(-1) + GAP : 0;
    }

    /** Photos alone, without a caption (nor a tombstone): no line of text under them, the time over them. */
    private boolean photoOnly() {
        return media.isVisible() && media.photosOnly() && !tombstone && content != null && content.isBlank();
    }

    private double quoteHeight(double width) {
        return quote.isVisible() ? quote.prefHeight(width) + GAP : 0;
    }

    /** The sender's name over the text in {@code colourClass}; null hides it (mine, or not the first of a run). */
    void setSender(String name, String colourClass) {
        boolean shown = name != null;
        sender.setText(shown ? name : "");
        if (senderColour != null && !senderColour.equals(colourClass)) {
            sender.getStyleClass().remove(senderColour);
            senderColour = null;
        }
        if (shown && senderColour == null) {
            sender.getStyleClass().add(colourClass);
            senderColour = colourClass;
        }
        if (sender.isVisible() != shown) {
            sender.setVisible(shown);
            requestLayout();
        }
    }

    private double senderHeight() {
        return sender.isVisible() ? sender.prefHeight(-1) : 0;
    }

    /** What "Read more" does (the cell expands its message, which refills the bubble with {@code expanded}). */
    void setOnReadMore(Runnable readMore) {
        this.readMore = readMore;
    }

    /**
     * The message's text, formatted, folded with "Read more" when long unless {@code expanded}; a {@code tombstone}'s
     * words as they are, in italics.
     */
    void setText(String content, boolean tombstone, boolean expanded) {
        if (content.equals(this.content) && tombstone == this.tombstone && expanded == this.expanded) {
            return;
        }
        this.content = content;
        this.tombstone = tombstone;
        this.expanded = expanded;
        boolean emojiOnly = !tombstone && RichText.isEmojiOnly(content);
        String folded = tombstone || expanded ? null : RichText.folded(content);
        List<Node> nodes = new ArrayList<>();
        if (tombstone) {
            for (Text words : texts(content, RichText.Segment.plain(content), false)) {
                words.getStyleClass().add("tombstone");
                nodes.add(words);
            }
        } else {
            for (RichText.Segment segment : RichText.parse(folded == null ? content : folded)) {
                if (segment.href() == null) {
                    nodes.addAll(texts(segment.text(), segment, emojiOnly));
                } else {
                    nodes.add(link(segment));
                }
            }
        }
        if (folded != null) {
            nodes.add(text(" ", RichText.Segment.plain(" "), false));
            nodes.add(readMoreLink());
        }
        flow.getChildren().setAll(nodes);
        // As the web's dir="auto": a text whose first strong character is right-to-left is a right-to-left
        // paragraph, its lines right-aligned (the flow lays its text out in that direction, unmirrored).
        flow.setNodeOrientation(tombstone ? NodeOrientation.LEFT_TO_RIGHT : WrapSafeText.orientation(content));
        markPhotoOnly();
    }

    /** The nodes of a run of text in one style: one, or for right-to-left text one a word ({@link WrapSafeText}). */
    private static List<Text> texts(String content, RichText.Segment style, boolean emojiOnly) {
        List<Text> texts = new ArrayList<>();
        for (String piece : WrapSafeText.pieces(content)) {
            texts.add(text(piece, style, emojiOnly));
        }
        return texts;
    }

    /** "Read more" after a folded text: a click shows the whole message in place (Enter does from the keyboard). */
    private Hyperlink readMoreLink() {
        Hyperlink link = new Hyperlink("Read more");
        link.getStyleClass().addAll("bubble-link", "read-more");
        link.setFocusTraversable(false);
        link.setOnAction(event -> readMore.run());
        return link;
    }

    private static Text text(String content, RichText.Segment style, boolean emojiOnly) {
        Text text = new Text(content);
        text.getStyleClass().add("bubble-text");
        addStyles(text, style);
        if (emojiOnly) {
            text.getStyleClass().add("emoji-only");
        }
        return text;
    }

    private Hyperlink link(RichText.Segment segment) {
        Hyperlink link = new Hyperlink(segment.text());
        link.getStyleClass().add("bubble-link");
        addStyles(link, segment);
        link.setFocusTraversable(false);
        link.setOnAction(event -> openLink.accept(segment.href()));
        return link;
    }

    private static void addStyles(Node node, RichText.Segment segment) {
        if (segment.bold()) {
            node.getStyleClass().add("bold");
        }
        if (segment.italic()) {
            node.getStyleClass().add("italic");
        }
        if (segment.strike()) {
            node.getStyleClass().add("strike");
        }
        if (segment.code()) {
            node.getStyleClass().add("code");
        }
    }

    /** The widest the text may be before it wraps. */
    void setMaxTextWidth(double width) {
        if (width != maxTextWidth) {
            maxTextWidth = width;
            requestLayout();
        }
    }

    /**
     * The text wraps at {@code textWidth} (its own width, at most the maximum) into {@code textHeight}; the content
     * is {@code width} wide; the time goes at the end of the last line when {@code inline}, else under the text.
     */
    private record Shape(double width, double textWidth, double textHeight, boolean inline) {
    }

    private Shape measure() {
        double metaWidth = Math.ceil(meta.prefWidth(-1));
        double others = othersWidth();
        if (!flow.isVisible()) { // a photo or file without a caption: the time under it
            return new Shape(Math.max(others, metaWidth), 0, 0, false);
        }
        double textWidth = Math.min(maxTextWidth, Math.ceil(flow.prefWidth(-1)));
        double textHeight = Math.ceil(flow.prefHeight(textWidth));
        // The flow is always laid out at textWidth: a bubble widened for the time never re-wraps its text.
        if (flow.getWidth() != textWidth) {
            flow.resize(textWidth, textHeight);
        }
        double width = Math.max(textWidth, others);
        // A right-to-left paragraph's lines end at its right edge (they are right-aligned): the time fits on the
        // last line only beside the whole text, never over a short last line (the web's float does the same).
        double lastLineEnd = flow.getNodeOrientation() == NodeOrientation.RIGHT_TO_LEFT ? textWidth : lastLineEnd();
        double inlineWidth = Math.ceil(lastLineEnd) + GAP + metaWidth;
        if (inlineWidth <= Math.max(width, maxTextWidth)) {
            return new Shape(Math.max(width, inlineWidth), textWidth, textHeight, true);
        }
        return new Shape(Math.max(width, metaWidth), textWidth, textHeight, false);
    }

    /**
     * Where the text's last line ends, from the flow's left edge: the right edge of that line's text, whatever its
     * direction (the caret after the last character is at the left of a line that ends in right-to-left words). For
     * a left-to-right paragraph only (a right-to-left flow's range shape comes mirrored in JavaFX 25).
     */
    private double lastLineEnd() {
        int length = 0;
        for (Node node : flow.getChildren()) {
            length += node instanceof Text text ? text.getText().length() : 1; // a link is one embedded object
        }
        // The selection of all the text: one box (a move, then lines) per run of each line, top to bottom.
        List<double[]> boxes = new ArrayList<>(); // top, right
        for (PathElement element : flow.rangeShape(0, length)) {
            if (element instanceof MoveTo move) {
                boxes.add(new double[] {move.getY(), move.getX()});
            } else if (element instanceof LineTo line && !boxes.isEmpty()) {
                double[] box = boxes.getLast();
                box[0] = Math.min(box[0], line.getY());
                box[1] = Math.max(box[1], line.getX());
            }
        }
        double lastTop = boxes.stream().mapToDouble(box -> box[0]).max().orElse(0);
        return boxes.stream().filter(box -> box[0] > lastTop - 0.5).mapToDouble(box -> box[1]).max().orElse(0);
    }

    /** The sender's name, the quote (both cut with an ellipsis past the maximum) and the attachments. */
    private double othersWidth() {
        double width = 0;
        if (sender.isVisible()) {
            width = Math.max(width, Math.min(maxTextWidth, Math.ceil(sender.prefWidth(-1))));
        }
        if (quote.isVisible()) {
            width = Math.max(width, Math.min(maxTextWidth, Math.ceil(quote.prefWidth(-1))));
        }
        if (media.isVisible()) {
            width = Math.max(width, Math.ceil(media.prefWidth(-1)));
        }
        return width;
    }

    private double textBlockHeight(Shape shape) {
        double metaHeight = Math.ceil(meta.prefHeight(-1));
        return shape.inline() ? Math.max(shape.textHeight(), metaHeight) : shape.textHeight() + metaHeight;
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + measure().width() + in.getRight();
    }

    @Override
    protected double computePrefHeight(double width) {
        // The bubble is always its preferred width (min = pref = max), so its height does not depend on width.
        Insets in = getInsets();
        Shape shape = measure();
        if (photoOnly()) { // the time lies over the photos: no line of its own
            return in.getTop() + senderHeight() + quoteHeight(shape.width()) + media.prefHeight(-1) + in.getBottom();
        }
        return in.getTop() + senderHeight() + quoteHeight(shape.width()) + mediaHeight() + textBlockHeight(shape)
                + in.getBottom();
    }

    @Override
    protected double computeMinWidth(double height) {
        return computePrefWidth(height);
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected double computeMaxWidth(double height) {
        return computePrefWidth(height);
    }

    @Override
    protected void layoutChildren() {
        boolean photoOnly = photoOnly();
        Insets in = getInsets();
        double inner = getWidth() - in.getLeft() - in.getRight();
        double top = in.getTop();
        if (sender.isVisible()) {
            double height = senderHeight();
            sender.resizeRelocate(in.getLeft(), top, inner, height);
            top += height;
        }
        if (quote.isVisible()) {
            double height = quote.prefHeight(inner);
            quote.resizeRelocate(in.getLeft(), top, inner, height);
            top += height + GAP;
        }
        if (media.isVisible()) {
            double height = media.prefHeight(-1);
            media.resizeRelocate(in.getLeft(), top, media.prefWidth(-1), height);
            top += height + GAP;
        }
        Shape shape = measure();
        flow.resizeRelocate(in.getLeft(), top, shape.textWidth(), shape.textHeight());
        double metaWidth = Math.ceil(meta.prefWidth(-1));
        double metaHeight = Math.ceil(meta.prefHeight(-1));
        if (photoOnly) {
            meta.resizeRelocate(getWidth() - in.getRight() - metaWidth - OVER_PHOTO_INSET,
                    getHeight() - in.getBottom() - metaHeight - OVER_PHOTO_INSET, metaWidth, metaHeight);
            return;
        }
        // At the end of the last line its bottom meets the text's; under the text it has its own line.
        double metaTop = top + textBlockHeight(shape) - metaHeight;
        meta.resizeRelocate(getWidth() - in.getRight() - metaWidth, metaTop, metaWidth, metaHeight);
    }
}

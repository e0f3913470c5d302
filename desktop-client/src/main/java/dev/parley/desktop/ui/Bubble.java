package dev.parley.desktop.ui;

import dev.parley.desktop.chat.RichText;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * A message bubble: in a group, the sender's name on top in their colour (the first bubble of a run only); then the
 * quote of the message it answers, if any; then its photos and files ({@link AttachmentsPane}); then the text flows
 * (a deleted message's tombstone in italics), and the time with its ticks sits at the bottom right, at the end of the
 * last line when that line has
 * room and on a line of its own only when it has not (the web client floats it the same way). A spacer as wide as
 * the time ends the text, so the flow itself decides whether it fits. The text is built from {@link RichText}
 * segments: styled {@code Text} nodes, and a {@code Hyperlink} for each link.
 */
final class Bubble extends Region {

    private static final double GAP = 4;

    private final Region spacer = new Region();
    private final Label sender = new Label();
    private String senderColour;
    private final TextFlow flow = new TextFlow(spacer);
    private final Node meta;
    private final Region quote;
    private final AttachmentsPane media;
    private final Consumer<String> openLink;
    private double maxTextWidth = 400;
    private String content;
    private boolean tombstone;

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

    /** The message's text, formatted; a {@code tombstone}'s words as they are, in italics. */
    void setText(String content, boolean tombstone) {
        if (content.equals(this.content) && tombstone == this.tombstone) {
            return;
        }
        this.content = content;
        this.tombstone = tombstone;
        boolean emojiOnly = !tombstone && RichText.isEmojiOnly(content);
        List<Node> nodes = new ArrayList<>();
        if (tombstone) {
            Text words = text(content, RichText.Segment.plain(content), false);
            words.getStyleClass().add("tombstone");
            nodes.add(words);
        } else {
            for (RichText.Segment segment : RichText.parse(content)) {
                nodes.add(segment.href() == null ? text(segment.text(), segment, emojiOnly) : link(segment));
            }
        }
        // The trailing space lets the line break before the spacer, not before the last word.
        nodes.add(text(" ", RichText.Segment.plain(" "), emojiOnly));
        nodes.add(spacer);
        flow.getChildren().setAll(nodes);
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

    /** The spacer follows the time's size (it changes with the ticks and the theme's fonts). */
    private void sizeSpacer() {
        double width = meta.prefWidth(-1) + GAP;
        double height = meta.prefHeight(-1);
        spacer.setMinSize(width, height);
        spacer.setPrefSize(width, height);
        spacer.setMaxSize(width, height);
    }

    private double textWidth() {
        sizeSpacer();
        return Math.min(maxTextWidth, Math.ceil(flow.prefWidth(-1)));
    }

    /** The text's width, or the sender's name or the quote when wider (cut with an ellipsis past the maximum). */
    private double contentWidth() {
        double width = textWidth();
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

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + contentWidth() + in.getRight();
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        double inner = width < 0 ? contentWidth() : Math.min(contentWidth(), width - in.getLeft() - in.getRight());
        return in.getTop() + senderHeight() + quoteHeight(inner) + mediaHeight()
                + flow.prefHeight(inner) + in.getBottom();
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
        flow.resizeRelocate(in.getLeft(), top, inner, flow.prefHeight(inner));
        double metaWidth = meta.prefWidth(-1);
        double metaHeight = meta.prefHeight(-1);
        meta.resizeRelocate(getWidth() - in.getRight() - metaWidth, getHeight() - in.getBottom() - metaHeight,
                metaWidth, metaHeight);
    }
}

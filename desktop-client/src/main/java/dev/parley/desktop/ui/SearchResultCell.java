package dev.parley.desktop.ui;

import dev.parley.desktop.chat.SearchResult;
import dev.parley.desktop.common.Formats;
import dev.parley.protocol.SearchPage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * One message a search found, built once and refilled in {@link #updateItem}: the chat's name (in a chat's own
 * search, who wrote it) and the date, then the snippet, each run a {@code Text} node of its own, the matches bold
 * ({@code snippet-match}); text is only ever text, so a message holding markup shows it literally. A click chooses it.
 */
final class SearchResultCell extends ListCell<SearchResult> {

    private final Formats formats;
    private final boolean inChat;
    private final Label title = new Label();
    private final Label date = new Label();
    private final TextFlow snippet = new TextFlow();
    private final VBox box;

    /** {@code inChat}: the results of one chat's search, which name the sender rather than the chat. */
    SearchResultCell(Formats formats, boolean inChat, Consumer<SearchResult> chosen) {
        this.formats = formats;
        this.inChat = inChat;
        getStyleClass().addAll("chat-cell", "search-result");
        title.getStyleClass().add("chat-name");
        date.getStyleClass().add("chat-time");
        date.setMinWidth(Region.USE_PREF_SIZE);
        snippet.getStyleClass().add("search-snippet");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox top = new HBox(6, title, gap, date);
        top.setAlignment(Pos.BASELINE_LEFT);
        box = new VBox(3, top, snippet);
        box.getStyleClass().add("chat-text");
        box.setMinWidth(0);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        setPrefWidth(0); // never widen the list: snippets wrap
        setOnMouseClicked(e -> {
            if (!isEmpty() && getItem() != null) {
                chosen.accept(getItem());
            }
        });
    }

    @Override
    protected void updateItem(SearchResult result, boolean empty) {
        super.updateItem(result, empty);
        if (empty || result == null) {
            setGraphic(null);
            setAccessibleText(null);
            return;
        }
        title.setText(inChat ? result.sender() : result.chatName());
        date.setText(result.at() == null ? "" : formats.listTime(result.at()));
        List<Text> runs = new ArrayList<>();
        if (!inChat && !result.prefix().isEmpty()) {
            runs.add(run(result.prefix(), "snippet-sender"));
        }
        for (SearchPage.SnippetPart part : result.snippet()) {
            runs.add(run(part.text().replace('\n', ' '), part.match() ? "snippet-match" : null));
        }
        snippet.getChildren().setAll(runs);
        setAccessibleText(title.getText() + ", " + date.getText() + ": " + result.text());
        setGraphic(box);
    }

    private static Text run(String text, String style) {
        Text node = new Text(text);
        node.getStyleClass().add("snippet-text");
        if (style != null) {
            node.getStyleClass().add(style);
        }
        return node;
    }
}

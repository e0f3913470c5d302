package dev.parley.desktop.ui;

import dev.parley.desktop.common.Formats;
import dev.parley.protocol.UserView;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * A person in the "New chat" search results, built once and refilled in {@link #updateItem}: their display name (the
 * username beside it), then their About where they wrote one, else "online", "last seen …" as the conversation header
 * words it, or nothing when the server does not say (it tells presence only to people who share a chat): never an
 * invented status.
 */
final class UserCell extends ListCell<UserView> {

    private final Formats formats;
    private final Avatar avatar = new Avatar(24);
    private final Label name = new Label();
    private final Label status = new Label();
    private final HBox box;

    UserCell(Formats formats) {
        this.formats = formats;
        getStyleClass().add("chat-cell");
        name.getStyleClass().add("chat-name");
        status.getStyleClass().add("chat-preview");
        box = new HBox(12, avatar, new VBox(3, name, status));
        box.setAlignment(Pos.CENTER_LEFT);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }

    @Override
    protected void updateItem(UserView user, boolean empty) {
        super.updateItem(user, empty);
        if (empty || user == null) {
            setGraphic(null);
            return;
        }
        avatar.showPerson(user.username(), user.displayName(), user.online());
        name.setText(user.displayName() == null ? user.username()
                : user.displayName() + "  @" + user.username());
        status.setText(user.about() != null ? user.about()
                : user.online() ? "online" : formats.lastSeen(user.lastSeen()));
        setGraphic(box);
    }
}

package dev.parley.desktop.ui;

import dev.parley.desktop.chat.GroupInfoViewModel;
import dev.parley.desktop.chat.Member;
import dev.parley.desktop.common.Formats;
import java.util.function.BiConsumer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.SVGPath;

/**
 * A member in "Group info", built once and refilled in {@link #updateItem}: avatar with online dot, name ("You" for
 * me), online or last seen, the role ("Group owner", "Group admin") and, where the viewer may change something about
 * them, an arrow that offers it.
 */
final class MemberCell extends ListCell<Member> {

    private final Formats formats;
    private final GroupInfoViewModel viewModel;
    private final Avatar avatar = new Avatar(20);
    private final Label name = new Label();
    private final Label status = new Label();
    private final Label role = new Label();
    private final Button actions = new Button();
    private final HBox box;

    /** {@code showActions} offers what may be done to a member, anchored at a node. */
    MemberCell(Formats formats, GroupInfoViewModel viewModel, BiConsumer<Member, Node> showActions) {
        this.formats = formats;
        this.viewModel = viewModel;
        getStyleClass().addAll("chat-cell", "member-cell");
        name.getStyleClass().add("chat-name");
        status.getStyleClass().add("chat-preview");
        role.getStyleClass().add("role-badge");
        role.setMinWidth(Region.USE_PREF_SIZE);
        SVGPath arrow = new SVGPath();
        arrow.setContent("M7 10l5 5 5-5z");
        arrow.getStyleClass().add("icon");
        actions.setGraphic(arrow);
        actions.getStyleClass().addAll("icon-button", "member-actions");
        actions.setTooltip(new Tooltip("Member options"));
        actions.setFocusTraversable(false); // Enter on the selected member opens the same options
        actions.setOnAction(e -> {
            getListView().getSelectionModel().select(getItem());
            showActions.accept(getItem(), actions);
        });
        VBox text = new VBox(2, name, status);
        text.setAlignment(Pos.CENTER_LEFT);
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        box = new HBox(12, avatar, text, role, actions);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("member-row");
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(Member member, boolean empty) {
        super.updateItem(member, empty);
        if (empty || member == null) {
            setGraphic(null);
            return;
        }
        boolean me = viewModel.isMe(member.username());
        avatar.show(member.shownName(), member.username(), member.online() && !me);
        name.setText(me ? "You" : member.shownName());
        // Presence as the server tells it, and their About where they wrote one.
        String presence = me ? "" : member.online() ? "online" : formats.lastSeen(member.lastSeen());
        status.setText(member.about() == null ? presence
                : presence.isEmpty() ? member.about() : presence + " · " + member.about());
        status.setVisible(!status.getText().isEmpty());
        status.setManaged(status.isVisible());
        role.setText(viewModel.roleLabel(member));
        role.setVisible(!role.getText().isEmpty());
        role.setManaged(role.isVisible());
        boolean changeable = viewModel.canRemove(member) || viewModel.canMakeAdmin(member)
                || viewModel.canDismissAdmin(member);
        actions.setVisible(changeable);
        actions.setManaged(changeable);
        setGraphic(box);
    }
}

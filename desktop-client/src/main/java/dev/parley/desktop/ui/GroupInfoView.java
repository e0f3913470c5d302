package dev.parley.desktop.ui;

import dev.parley.desktop.chat.GroupInfoViewModel;
import dev.parley.desktop.chat.Member;
import dev.parley.desktop.common.Formats;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;

/**
 * Controller of {@code GroupInfoView.fxml}, the "Group info" panel beside a group's conversation. It opens with the
 * focus in its first field (the name for admins, else the members), Enter on the name renames, Esc ends a rename or
 * closes the panel, and Enter (or the context-menu key, or a click on a member's arrow) on a member offers what may
 * be done to them.
 */
public final class GroupInfoView {

    private final GroupInfoViewModel viewModel;
    private final Formats formats;
    private Runnable onClosed = () -> { };
    private String selected;

    @FXML private VBox groupInfoPane;
    @FXML private Avatar groupAvatar;
    @FXML private TextField groupNameField;
    @FXML private Label renameHint;
    @FXML private Label countLabel;
    @FXML private Label membersLabel;
    @FXML private Button addMembersButton;
    @FXML private ListView<Member> memberList;
    @FXML private Label errorLabel;
    @FXML private Button exitButton;

    public GroupInfoView(GroupInfoViewModel viewModel, Formats formats) {
        this.viewModel = viewModel;
        this.formats = formats;
    }

    @FXML
    private void initialize() {
        groupInfoPane.visibleProperty().bind(viewModel.openProperty());
        groupInfoPane.managedProperty().bind(viewModel.openProperty());
        groupAvatar.setRadius(40);
        groupNameField.textProperty().bindBidirectional(viewModel.nameDraftProperty());
        groupNameField.editableProperty().bind(viewModel.adminProperty());
        groupNameField.focusTraversableProperty().bind(viewModel.adminProperty());
        groupNameField.setOnAction(e -> viewModel.rename());
        BooleanBinding editing = viewModel.adminProperty().and(Bindings.createBooleanBinding(
                () -> !viewModel.nameDraftProperty().get().equals(viewModel.nameProperty().get()),
                viewModel.nameDraftProperty(), viewModel.nameProperty()));
        renameHint.visibleProperty().bind(editing);
        renameHint.managedProperty().bind(editing);
        countLabel.textProperty().bind(Bindings.concat("Group · ", viewModel.countProperty()));
        membersLabel.textProperty().bind(viewModel.countProperty());
        addMembersButton.visibleProperty().bind(viewModel.adminProperty());
        addMembersButton.managedProperty().bind(viewModel.adminProperty());
        exitButton.visibleProperty().bind(viewModel.memberProperty());
        exitButton.managedProperty().bind(viewModel.memberProperty());
        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorLabel.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(viewModel.errorProperty().isNotEmpty());
        memberList.setItems(viewModel.members());
        // A change to the members replaces them all: keep the one selected where the keyboard left it.
        memberList.getSelectionModel().selectedItemProperty().addListener((obs, old, member) -> {
            if (member != null) {
                selected = member.username();
            }
        });
        viewModel.members().addListener((ListChangeListener<Member>) change -> reselect());
        memberList.setCellFactory(list -> new MemberCell(formats, viewModel, this::showActions));
        memberList.setPlaceholder(new Label(""));
        memberList.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                showActionsForSelected();
                e.consume();
            }
        });
        memberList.setOnContextMenuRequested(e -> {
            showActionsForSelected();
            e.consume();
        });
        viewModel.nameProperty().addListener((obs, old, name) -> showAvatar());
        viewModel.openProperty().addListener((obs, was, open) -> {
            if (!open) {
                onClosed.run();
            }
        });
    }

    private void reselect() {
        viewModel.members().stream().filter(m -> m.username().equals(selected)).findFirst()
                .ifPresent(m -> memberList.getSelectionModel().select(m));
    }

    private void showAvatar() {
        groupAvatar.show(viewModel.nameProperty().get(), viewModel.colourKey(), false);
    }

    /** Opens the panel with the focus in its first field. */
    void show() {
        viewModel.show();
        showAvatar();
        Platform.runLater(() -> {
            if (viewModel.adminProperty().get()) {
                groupNameField.requestFocus();
                groupNameField.end();
            } else {
                memberList.requestFocus();
                if (memberList.getSelectionModel().isEmpty()) {
                    memberList.getSelectionModel().selectFirst();
                }
            }
        });
    }

    @FXML
    private void close() {
        viewModel.close();
    }

    /** Closes the panel (another panel opens in its place). */
    void hide() {
        viewModel.close();
    }

    /** Esc: an unsaved rename is undone, else the panel closes; false when the panel is not showing. */
    boolean escape() {
        if (!viewModel.openProperty().get()) {
            return false;
        }
        if (renameHint.isVisible()) {
            viewModel.nameDraftProperty().set(viewModel.nameProperty().get());
            groupNameField.end();
        } else {
            viewModel.close();
        }
        return true;
    }

    /** Exit group, after the user confirms it (also from the chat menu). */
    @FXML
    void confirmLeave() {
        String name = viewModel.nameProperty().get();
        if (Dialogs.confirm(groupInfoPane, "Exit group", "Exit \"" + name + "\"?",
                "You will no longer receive its messages. You can still read what was said while you were in it.",
                "Exit group")) {
            viewModel.leave();
        }
    }

    @FXML
    private void addMembers() {
        MemberPickerView.show(groupInfoPane, viewModel.addMembers(), formats);
    }

    private void showActionsForSelected() {
        Member selected = memberList.getSelectionModel().getSelectedItem();
        if (selected == null) {
            return;
        }
        Node anchor = memberList.lookupAll(".member-cell").stream()
                .filter(n -> n instanceof MemberCell cell && cell.getItem() == selected)
                .findFirst().orElse(memberList);
        showActions(selected, anchor);
    }

    /** What may be done to {@code member}: make admin, dismiss as admin, remove (after a confirmation). */
    private void showActions(Member member, Node anchor) {
        ContextMenu menu = new ContextMenu();
        InsideWindow.keep(menu);
        String name = member.username();
        if (viewModel.canMakeAdmin(member)) {
            menu.getItems().add(item("Make group admin", () -> viewModel.makeAdmin(name)));
        }
        if (viewModel.canDismissAdmin(member)) {
            menu.getItems().add(item("Dismiss as admin", () -> viewModel.dismissAdmin(name)));
        }
        if (viewModel.canRemove(member)) {
            MenuItem remove = item("Remove " + name, () -> {
                if (Dialogs.confirm(groupInfoPane, "Remove member",
                        "Remove " + name + " from \"" + viewModel.nameProperty().get() + "\"?", "", "Remove")) {
                    viewModel.remove(name);
                }
            });
            remove.getStyleClass().add("danger-item"); // destructive: red, like "Exit group"
            menu.getItems().add(remove);
        }
        if (!menu.getItems().isEmpty()) {
            menu.setOnHidden(e -> memberList.requestFocus());
            menu.show(anchor, Side.BOTTOM, 0, 0);
        }
    }

    private static MenuItem item(String text, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setOnAction(e -> action.run());
        return item;
    }

    /** Whether {@code node} is part of the panel. */
    boolean contains(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == groupInfoPane) {
                return true;
            }
        }
        return false;
    }

    /** Whether the panel shows. */
    boolean isShowing() {
        return viewModel.openProperty().get();
    }

    /** Runs when the panel closes (the composer takes the focus back). */
    void setOnClosed(Runnable onClosed) {
        this.onClosed = onClosed;
    }
}

package dev.parley.desktop.ui;

import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.ChatListViewModel;
import dev.parley.desktop.chat.ConnectionState;
import dev.parley.desktop.chat.ConversationViewModel;
import dev.parley.desktop.chat.MainViewModel;
import dev.parley.desktop.chat.SearchViewModel;
import dev.parley.desktop.common.Formats;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Controller of {@code MainView.fxml}, the signed-in window: the header, the connection banner, the search field and
 * the chat list it filters (kept in step with the open chat), the messages the field finds on Enter, with the
 * {@link NewChatView} and the {@link ConversationView} included; opens "New group", shows toasts and installs the
 * keyboard shortcuts.
 */
public final class MainView {

    private static final KeyCombination NEW_CHAT = KeyCombination.keyCombination("Shortcut+N");
    private static final KeyCombination NEW_GROUP = KeyCombination.keyCombination("Shortcut+Shift+N");
    private static final KeyCombination FIND = KeyCombination.keyCombination("Shortcut+F");
    private static final KeyCombination FIND_IN_CHAT = KeyCombination.keyCombination("Shortcut+Shift+F");
    private static final KeyCombination MESSAGE_INFO = KeyCombination.keyCombination("Shortcut+I");
    private static final KeyCombination NEXT_CHAT = new KeyCodeCombination(KeyCode.CLOSE_BRACKET,
            KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    private static final KeyCombination PREVIOUS_CHAT = new KeyCodeCombination(KeyCode.OPEN_BRACKET,
            KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);

    private final MainViewModel viewModel;
    private final ChatListViewModel chats;
    private final ConversationViewModel conversation;
    private final SearchViewModel search;
    private final Formats formats;
    private final BooleanProperty darkTheme;
    private final Notifier notifier;

    @FXML private StackPane root;
    @FXML private BorderPane layout;
    @FXML private VBox sidebar;
    @FXML private Region listResizer;
    @FXML private Avatar meAvatar;
    @FXML private Label meLabel;
    @FXML private Button newChatButton;
    @FXML private CheckMenuItem darkThemeItem;
    @FXML private HBox connectionBanner;
    @FXML private Label connectionLabel;
    @FXML private Label connectionTitle;
    @FXML private Hyperlink retryLink;
    @FXML private VBox chatPane;
    @FXML private TextField filterField;
    @FXML private Button searchMessagesButton;
    @FXML private SearchResultsPane searchResults;
    @FXML private ListView<ChatItem> chatList;
    @FXML private VBox emptyChats;
    @FXML private VBox noMatches;
    @FXML private Label noMatchesLabel;
    @FXML private Hyperlink startChatWithFilter;
    @FXML private VBox newChatPane;
    @FXML private NewChatView newChatPaneController;
    @FXML private VBox profilePane;
    @FXML private ProfileView profilePaneController;
    @FXML private ConversationView conversationController;
    @FXML private VBox toasts;
    @FXML private Label settingsRefusal;
    @FXML private Button archivedEntry;
    private final javafx.scene.control.ContextMenu rowMenu = new javafx.scene.control.ContextMenu();

    private boolean syncingSelection;
    private boolean altGraphDown;
    private boolean swallowTyped;
    private boolean listChanging;
    private SidebarSearch sidebarSearch;
    private ShortcutFocus shortcutFocus;
    /** The chat list's width when there is room for it: where its edge was dragged (375 px until it is: with its 5 px edge, the 380 px it always had). */
    private final DoubleProperty listWidth = new SimpleDoubleProperty(375);

    /** {@code search} is the search over every chat, whose query is the chat list's filter. */
    public MainView(MainViewModel viewModel, ChatListViewModel chats, ConversationViewModel conversation,
                    SearchViewModel search, Formats formats, BooleanProperty darkTheme, Notifier notifier) {
        this.viewModel = viewModel;
        this.chats = chats;
        this.conversation = conversation;
        this.search = search;
        this.formats = formats;
        this.darkTheme = darkTheme;
        this.notifier = notifier;
    }

    @FXML
    private void initialize() {
        meAvatar.setRadius(20);
        meAvatar.show(viewModel.profile().shownNameProperty().get(), viewModel.me(), false);
        viewModel.profile().shownNameProperty().addListener((obs, old, name) -> meAvatar.show(name, viewModel.me(),
                false));
        meLabel.textProperty().bind(viewModel.profile().shownNameProperty());
        darkThemeItem.selectedProperty().bindBidirectional(darkTheme);
        // From a lost connection until the sync after it has caught up, not only while the socket is closed.
        connectionTitle.textProperty().bind(viewModel.connectionTitleProperty());
        connectionLabel.textProperty().bind(viewModel.connectionTextProperty());
        connectionLabel.visibleProperty().bind(connectionLabel.textProperty().isNotEmpty());
        connectionLabel.managedProperty().bind(connectionLabel.visibleProperty());
        retryLink.visibleProperty().bind(viewModel.connectionProperty().isEqualTo(ConnectionState.OFFLINE));
        retryLink.managedProperty().bind(retryLink.visibleProperty());
        connectionBanner.visibleProperty().bind(viewModel.connectionBannerProperty());
        connectionBanner.managedProperty().bind(connectionBanner.visibleProperty());
        filterField.textProperty().bindBidirectional(chats.filterProperty());
        initChatList();
        initListWidth();
        sidebarSearch = new SidebarSearch(search, filterField, searchMessagesButton, searchResults, formats,
                conversation, conversationController, newChatPaneController::hide, this::openListedChat);
        chatPane.visibleProperty().bind(newChatPane.visibleProperty().not().and(profilePane.visibleProperty().not()));
        newChatPaneController.setOnOpened(conversationController::focusComposerTyping);
        newChatPaneController.setOnNewGroup(this::showNewGroup);
        notifier.attach(toasts, viewModel.notices(), notice -> {
            viewModel.dismissNotice(notice.chat());
            conversation.open(notice.chat());
        }, notice -> viewModel.dismissNotice(notice.chat()));
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                installShortcuts(scene);
                Platform.runLater(filterField::requestFocus); // signed in: the cursor in the chat search
            }
        });
    }

    /**
     * The chat list has its preferred width, or the one its right edge was dragged to, as long as the conversation
     * keeps its minimum beside it: a narrow window narrows the list first (down to its own minimum), and widening the
     * window again gives the list its width back.
     */
    /** The chat list's width where there is room for it (its edge's drag sets it), as remembered between runs. */
    public ReadOnlyDoubleProperty listWidthProperty() {
        return listWidth;
    }

    /** Gives the chat list a width remembered from an earlier run, within its range (260-420 px); NaN keeps 375. */
    public void restoreListWidth(double width) {
        if (!Double.isNaN(width)) {
            listWidth.set(Math.clamp(width, sidebar.getMinWidth(), sidebar.getMaxWidth()));
        }
    }

    private void initListWidth() {
        Region conversationPane = (Region) layout.getCenter();
        // The window's width: the panes' own are never under their minimum, which a BorderPane takes from the list's pref.
        DoubleBinding window = Bindings.selectDouble(root.sceneProperty(), "width");
        sidebar.prefWidthProperty().bind(Bindings.createDoubleBinding(() -> Math.max(sidebar.getMinWidth(),
                Math.min(Math.min(listWidth.get(), sidebar.getMaxWidth()),
                        window.get() - conversationPane.getMinWidth() - listResizer.getPrefWidth())),
                listWidth, window));
        double[] from = new double[2];
        listResizer.setOnMousePressed(e -> {
            from[0] = e.getScreenX();
            from[1] = sidebar.getWidth();
        });
        listResizer.setOnMouseDragged(e -> listWidth.set(Math.max(sidebar.getMinWidth(),
                Math.min(sidebar.getMaxWidth(), from[1] + e.getScreenX() - from[0]))));
    }

    private void initChatList() {
        // The list's own changes (a new message reorders it, an archived chat leaves it) move the ListView's
        // selection: that must not open another chat (nor open one while the list is still being changed, which
        // changes it again from inside its change). Registered before the ListView's listener, so it runs first; the
        // selection is put back where the ViewModel has it once the change is over.
        chats.chats().addListener((ListChangeListener<ChatItem>) change -> {
            listChanging = true;
            Platform.runLater(() -> {
                listChanging = false;
                selectInList();
            });
        });
        chatList.setItems(chats.chats());
        chatList.setCellFactory(list -> new ChatCell(formats));
        chatList.setPlaceholder(new Label(""));
        emptyChats.visibleProperty().bind(Bindings.isEmpty(chats.chats()).and(chats.filterProperty().isEmpty()));
        noMatches.visibleProperty().bind(chats.noMatchesProperty().isNotEmpty());
        noMatchesLabel.textProperty().bind(chats.noMatchesProperty());
        startChatWithFilter.textProperty().bind(
                Bindings.concat("Start a new chat with ", chats.suggestedNameProperty()));
        startChatWithFilter.visibleProperty().bind(chats.suggestedNameProperty().isNotEmpty());
        startChatWithFilter.managedProperty().bind(startChatWithFilter.visibleProperty());
        // Enter in the list opens the chat found (or keeps the open one) and goes to its composer; the menu key or
        // Shift+F10 opens the chat's menu, as a right click on it does.
        chatList.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                openListedChat();
            } else if (e.getCode() == KeyCode.CONTEXT_MENU || e.getCode() == KeyCode.F10 && e.isShiftDown()) {
                showRowMenu(chatList.getSelectionModel().getSelectedItem(), null);
                e.consume();
            }
        });
        chatList.setOnContextMenuRequested(e -> {
            if (e.isKeyboardTrigger()) {
                showRowMenu(chatList.getSelectionModel().getSelectedItem(), null);
            } else {
                showRowMenu(chatAt(e.getPickResult()), new javafx.geometry.Point2D(e.getScreenX(), e.getScreenY()));
            }
            e.consume();
        });
        // A right click opens the chat's menu, not the chat (the ListView would select the row, which opens it).
        chatList.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getButton() == javafx.scene.input.MouseButton.SECONDARY) {
                e.consume();
            }
        });
        // A secondary click opens it too where the platform does not make it a context menu request (robots).
        chatList.addEventHandler(javafx.scene.input.MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == javafx.scene.input.MouseButton.SECONDARY && !rowMenu.isShowing()) {
                showRowMenu(chatAt(e.getPickResult()), new javafx.geometry.Point2D(e.getScreenX(), e.getScreenY()));
                e.consume();
            }
        });
        initChatSettings();
        chatList.getSelectionModel().selectedItemProperty().addListener((obs, old, chat) -> {
            if (!syncingSelection && !listChanging && chat != null) {
                conversation.open(chat);
            }
        });
        conversation.chatProperty().addListener((obs, old, chat) -> selectInList());
    }

    /** My settings of the chats: the list's context menu, the header's menu, "Archived (N)", a refusal's text. */
    private void initChatSettings() {
        settingsRefusal.textProperty().bind(viewModel.chatSettings().refusalProperty());
        settingsRefusal.visibleProperty().bind(settingsRefusal.textProperty().isNotEmpty());
        archivedEntry.textProperty().bind(Bindings.when(chats.showingArchivedProperty())
                .then("Archived: back to chats").otherwise(Bindings.concat("Archived (", chats.archivedCountProperty(), ")")));
        archivedEntry.visibleProperty().bind(chats.showingArchivedProperty().or(
                chats.archivedCountProperty().greaterThan(0).and(chats.filterProperty().isEmpty())));
        archivedEntry.managedProperty().bind(archivedEntry.visibleProperty());
        emptyChats.visibleProperty().unbind();
        emptyChats.visibleProperty().bind(Bindings.isEmpty(chats.chats()).and(chats.filterProperty().isEmpty())
                .and(chats.archivedCountProperty().isEqualTo(0)));
        rowMenu.setId("chat-context-menu");
        conversationController.setChatMenuExtras(chat -> ChatMenu.items(chat, viewModel.chatSettings(), root));
    }

    @FXML
    private void toggleArchived() {
        chats.showingArchivedProperty().set(!chats.showingArchivedProperty().get());
    }

    /** The chat of the row under a right click, or null. */
    private static ChatItem chatAt(javafx.scene.input.PickResult pick) {
        Node node = pick.getIntersectedNode();
        while (node != null && !(node instanceof ChatCell)) {
            node = node.getParent();
        }
        return node == null ? null : ((ChatCell) node).getItem();
    }

    /** Opens the menu of {@code chat} at the pointer ({@code at}, on screen), or (from the keyboard) over its row. */
    private void showRowMenu(ChatItem chat, javafx.geometry.Point2D at) {
        if (chat == null) {
            return;
        }
        rowMenu.getItems().setAll(ChatMenu.items(chat, viewModel.chatSettings(), root));
        if (at != null) {
            rowMenu.show(chatList, at.getX(), at.getY());
            return;
        }
        Node row = chatList.lookupAll(".chat-cell").stream()
                .filter(n -> n instanceof ChatCell cell && cell.getItem() == chat).findFirst().orElse(chatList);
        javafx.geometry.Bounds box = row.localToScreen(row.getBoundsInLocal());
        rowMenu.show(chatList, box.getMinX() + box.getWidth() / 2, box.getMinY() + box.getHeight() / 2);
    }

    private void openListedChat() {
        if (chats.openListed()) {
            conversationController.focusComposer();
        }
    }

    private void selectInList() {
        ChatItem chat = conversation.chatProperty().get();
        if (chat == chatList.getSelectionModel().getSelectedItem()) {
            return;
        }
        syncingSelection = true;
        try {
            if (chat == null || !chats.chats().contains(chat)) {
                chatList.getSelectionModel().clearSelection();
            } else {
                chatList.getSelectionModel().select(chat);
                chatList.scrollTo(Math.max(0, chatList.getSelectionModel().getSelectedIndex() - 3));
            }
        } finally {
            syncingSelection = false;
        }
    }

    private void installShortcuts(Scene scene) {
        scene.getAccelerators().put(NEW_CHAT, this::showNewChat);
        scene.getAccelerators().put(NEW_GROUP, this::showNewGroup);
        scene.getAccelerators().put(FIND, this::find);
        // In a conversation its own search; with none open, the search over every chat.
        scene.getAccelerators().put(FIND_IN_CHAT, () -> {
            if (conversation.chatProperty().get() != null) {
                conversationController.showSearch();
            } else {
                find();
            }
        });
        scene.getAccelerators().put(MESSAGE_INFO, conversationController::showMessageInfoFromKeyboard);
        scene.getAccelerators().put(NEXT_CHAT, chats::selectNext); // WhatsApp Desktop's Ctrl+Shift+] and [
        scene.getAccelerators().put(PREVIOUS_CHAT, chats::selectPrevious);
        shortcutFocus = new ShortcutFocus(root);
        scene.addEventFilter(KeyEvent.KEY_RELEASED, e -> {
            swallowTyped = false;
            if (e.getCode() == KeyCode.ALT_GRAPH) {
                altGraphDown = false;
            }
            if (e.getCode().isModifierKey()) {
                shortcutFocus.restore(); // Ctrl+Alt+Shift let go without a shortcut
            }
        });
        // The character of a shortcut's key (Ctrl+Alt+E's "e") must not be typed into the composer after it.
        scene.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (swallowTyped) {
                swallowTyped = false;
                e.consume();
            } else {
                conversationController.redirectTyped(e); // typed at once after opening a chat: its composer
            }
        });
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            Node focus = scene.getFocusOwner();
            shortcutFocus.pressed(e, focus, altGraphDown);
            if (e.getCode() == KeyCode.ALT_GRAPH) {
                altGraphDown = true;
            } else if (e.getCode() == KeyCode.E && e.isControlDown() && e.isAltDown() && !e.isShiftDown()
                    && !altGraphDown) {
                // As the web client's (WhatsApp Web's emoji panel); AltGr+E types € on many keyboards.
                conversationController.toggleEmoji();
                swallowTyped = true;
                e.consume();
            } else if (e.getCode() == KeyCode.U && e.isShortcutDown() && e.isAltDown() && e.isShiftDown()) {
                // WhatsApp's Ctrl+Alt+Shift+U: the chat chosen in the list (when it has focus), else the open one,
                // marked unread, or read when it has something unread.
                ChatItem selected = chatList.getSelectionModel().getSelectedItem();
                viewModel.chatSettings().toggleRead(chatList.isFocused() && selected != null ? selected
                        : conversation.chatProperty().get());
                shortcutFocus.restore(); // the composer had it: see ShortcutFocus
                swallowTyped = true;
                e.consume();
            } else if (e.getCode() == KeyCode.TAB && e.isControlDown() && !e.isAltDown()) {
                // Ctrl+Tab and Ctrl+Shift+Tab walk the chats, as a browser's tabs.
                if (e.isShiftDown()) {
                    chats.selectPrevious();
                } else {
                    chats.selectNext();
                }
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                if (sidebarSearch.contains(focus) && sidebarSearch.active()) {
                    sidebarSearch.close();
                    e.consume();
                } else if (conversationController.escape()) {
                    e.consume();
                } else if (newChatPaneController.isShowing()) {
                    newChatPaneController.hide();
                    filterField.requestFocus();
                    e.consume();
                } else if (profilePaneController.isShowing()) {
                    profilePaneController.hide();
                    filterField.requestFocus();
                    e.consume();
                } else if (sidebarSearch.active()) {
                    sidebarSearch.close();
                    e.consume();
                } else if (viewModel.dismissNotices()) {
                    e.consume();
                }
            } else if (e.getCode() == KeyCode.DOWN && !e.isAltDown() && sidebarSearch.down(focus)) {
                e.consume(); // the messages found, rather than the chats under them
            } else if (e.getCode() == KeyCode.UP && !e.isAltDown() && !e.isShortcutDown()
                    && conversationController.editLast(focus)) {
                e.consume(); // as WhatsApp: Up in the empty composer edits my last message (else it moves chats)
            } else if ((e.getCode() == KeyCode.UP || e.getCode() == KeyCode.DOWN) && !newChatPaneController.isShowing()
                    && (focus == filterField || focus == chatList || e.isAltDown()
                    || conversationController.isEmptyComposer(focus)
                    || !(focus instanceof TextInputControl) && !newChatPaneController.isResultList(focus)
                    && !sidebarSearch.inResults(focus) && !conversationController.isInSidePanel(focus)
                    && !conversationController.isInEmojiPicker(focus)
                    && !conversationController.isMessageList(focus))) {
                if (e.getCode() == KeyCode.UP) {
                    chats.selectPrevious();
                } else {
                    chats.selectNext();
                }
                e.consume();
            }
        });
    }

    /** Ctrl+F: the search field, its text selected. */
    private void find() {
        newChatPaneController.hide();
        filterField.requestFocus();
        filterField.selectAll();
    }

    @FXML
    private void showProfile() {
        newChatPaneController.hide();
        profilePaneController.show();
    }

    @FXML
    private void showNewChat() {
        profilePaneController.hide();
        newChatPaneController.show();
    }

    /** "New group": a dialog for the name and the members; the group opens once created. */
    @FXML
    private void showNewGroup() {
        newChatPaneController.hide();
        MemberPickerView.show(root, viewModel.newGroup(), formats);
    }

    /**
     * "Start a new chat with alice" opens the chat with alice (created if need be) and clears the filter, as the web
     * does; offered for a filter several people's names start with, New chat lists them.
     */
    @FXML
    private void startChatWithFilter() {
        String name = chats.suggestedNameProperty().get();
        if (chats.suggestsPerson()) {
            newChatPaneController.startWith(name, () -> chats.filterProperty().set(""));
        } else {
            newChatPaneController.show(name);
        }
    }

    @FXML
    private void reconnectNow() {
        viewModel.reconnectNow();
    }

    /** Signing out drops this device's session and drafts, so the user confirms it first (Esc cancels). */
    @FXML
    private void signOut() {
        ButtonType confirm = new ButtonType("Sign out", ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.NONE, "", ButtonType.CANCEL, confirm);
        alert.setTitle("Sign out");
        alert.setHeaderText("Sign out of Parley on this device?");
        alert.setContentText(null);
        alert.initOwner(root.getScene().getWindow());
        alert.getDialogPane().getStylesheets().setAll(root.getScene().getStylesheets());
        alert.getDialogPane().getStyleClass().add("confirm-dialog");
        if (alert.showAndWait().filter(confirm::equals).isPresent()) {
            viewModel.signOut();
        }
    }

    /** Words relative to today ("Yesterday", "last seen today at …"): refreshed by the app's minute timer. */
    public void tick() {
        conversationController.tick();
        chatList.refresh();
    }
}

package dev.parley.desktop.ui;

import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.ChatListViewModel;
import dev.parley.desktop.chat.ConnectionState;
import dev.parley.desktop.chat.ConversationViewModel;
import dev.parley.desktop.chat.MainViewModel;
import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.chat.NewChatViewModel;
import dev.parley.desktop.common.Formats;
import dev.parley.protocol.UserView;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Controller of {@code MainView.fxml}: binds the chat list, the conversation and the composer to the ViewModels,
 * keeps the list selection and the message scroll position in step, and installs the keyboard shortcuts.
 */
public final class MainView {

    private static final KeyCombination NEW_CHAT = KeyCombination.keyCombination("Shortcut+N");
    private static final KeyCombination FIND = KeyCombination.keyCombination("Shortcut+F");

    private final MainViewModel viewModel;
    private final ChatListViewModel chats;
    private final ConversationViewModel conversation;
    private final NewChatViewModel newChat;
    private final Formats formats;
    private final BooleanProperty darkTheme;
    private final Notifier notifier;

    @FXML private StackPane root;
    @FXML private Avatar meAvatar;
    @FXML private Label meLabel;
    @FXML private Button newChatButton;
    @FXML private CheckMenuItem darkThemeItem;
    @FXML private HBox connectionBanner;
    @FXML private Label connectionLabel;
    @FXML private VBox chatPane;
    @FXML private TextField filterField;
    @FXML private ListView<ChatItem> chatList;
    @FXML private VBox emptyChats;
    @FXML private VBox newChatPane;
    @FXML private TextField userSearchField;
    @FXML private Label userSearchMessage;
    @FXML private ListView<UserView> userList;
    @FXML private VBox placeholder;
    @FXML private BorderPane conversationPane;
    @FXML private Avatar peerAvatar;
    @FXML private Label peerName;
    @FXML private Label peerStatus;
    @FXML private ListView<MessageItem> messageList;
    @FXML private TextArea composerField;
    @FXML private Button sendButton;
    @FXML private VBox toasts;

    private boolean syncingSelection;
    private boolean flowWatched;
    private boolean settling;
    private ChatItem shownChat;

    public MainView(MainViewModel viewModel, ChatListViewModel chats, ConversationViewModel conversation,
                    NewChatViewModel newChat, Formats formats, BooleanProperty darkTheme, Notifier notifier) {
        this.viewModel = viewModel;
        this.chats = chats;
        this.conversation = conversation;
        this.newChat = newChat;
        this.formats = formats;
        this.darkTheme = darkTheme;
        this.notifier = notifier;
    }

    @FXML
    private void initialize() {
        meAvatar.setRadius(20);
        meAvatar.show(viewModel.me(), false);
        meLabel.setText(viewModel.me());
        darkThemeItem.selectedProperty().bindBidirectional(darkTheme);
        connectionLabel.textProperty().bind(viewModel.connectionTextProperty());
        connectionBanner.visibleProperty().bind(viewModel.connectionProperty().isEqualTo(ConnectionState.OFFLINE));
        connectionBanner.managedProperty().bind(connectionBanner.visibleProperty());
        filterField.textProperty().bindBidirectional(chats.filterProperty());
        initChatList();
        initNewChat();
        initConversation();
        viewModel.setOnNotice(notice -> notifier.show(notice.title(), notice.text(), () -> conversation.open(notice.chat())));
        notifier.attach(toasts);
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                installShortcuts(scene);
            }
        });
    }

    private void initChatList() {
        chatList.setItems(chats.chats());
        chatList.setCellFactory(list -> new ChatCell(formats));
        chatList.setPlaceholder(new Label(""));
        emptyChats.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(chats.chats())
                .and(chats.filterProperty().isEmpty()));
        chatList.getSelectionModel().selectedItemProperty().addListener((obs, old, chat) -> {
            if (!syncingSelection && chat != null) {
                conversation.open(chat);
            }
        });
        // The sorted list reorders on every new message: put the selection back where the ViewModel has it.
        chats.chats().addListener((ListChangeListener<ChatItem>) change -> Platform.runLater(this::selectInList));
        conversation.chatProperty().addListener((obs, old, chat) -> selectInList());
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

    private void initNewChat() {
        newChatPane.visibleProperty().bind(newChat.openProperty());
        chatPane.visibleProperty().bind(newChat.openProperty().not());
        userSearchField.textProperty().bindBidirectional(newChat.queryProperty());
        userSearchMessage.textProperty().bind(newChat.messageProperty());
        userList.setItems(newChat.results());
        userList.setCellFactory(list -> new UserCell());
        userList.setOnMouseClicked(e -> startChatWithSelected());
        userList.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                startChatWithSelected();
            }
        });
        userSearchField.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && !userList.getItems().isEmpty()) {
                userList.getSelectionModel().selectFirst();
                startChatWithSelected();
            } else if (e.getCode() == KeyCode.DOWN && !userList.getItems().isEmpty()) {
                userList.requestFocus();
                userList.getSelectionModel().selectFirst();
            }
        });
    }

    private void startChatWithSelected() {
        newChat.start(userList.getSelectionModel().getSelectedItem(), chat -> composerField.requestFocus());
    }

    private void initConversation() {
        peerName.textProperty().bind(conversation.titleProperty());
        peerStatus.textProperty().bind(conversation.subtitleProperty());
        conversation.typingProperty().addListener((obs, was, typing) ->
                peerStatus.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("typing"), typing));
        composerField.textProperty().bindBidirectional(conversation.draftProperty());
        composerField.textProperty().addListener((obs, old, text) ->
                composerField.setPrefRowCount((int) Math.clamp(text.lines().count(), 1, 6)));
        sendButton.disableProperty().bind(conversation.canSendProperty().not());
        composerField.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                e.consume();
                if (e.isShiftDown()) {
                    composerField.replaceSelection("\n");
                } else {
                    conversation.send();
                }
            }
        });
        messageList.setCellFactory(list -> new MessageCell(formats));
        messageList.setPlaceholder(new Label(""));
        messageList.setSelectionModel(new NoSelectionModel<>());
        messageList.widthProperty().addListener((obs, old, width) -> messageList.refresh());
        conversation.chatProperty().addListener((obs, old, chat) -> show(chat));
        show(conversation.chatProperty().get());
    }

    private final ListChangeListener<MessageItem> followNewMessages = change -> {
        while (change.next()) {
            if (change.wasAdded() && change.getFrom() > 0 && change.getTo() == change.getList().size()) {
                MessageItem last = change.getList().getLast();
                if (last.mine() || isNearBottom()) {
                    Platform.runLater(() -> messageList.scrollTo(messageList.getItems().size() - 1));
                }
            }
        }
    };

    private void show(ChatItem chat) {
        if (shownChat != null) {
            shownChat.messages().removeListener(followNewMessages);
            shownChat.peerOnlineProperty().removeListener(peerOnlineListener);
        }
        shownChat = chat;
        placeholder.setVisible(chat == null);
        conversationPane.setVisible(chat != null);
        if (chat == null) {
            messageList.setItems(null);
            return;
        }
        peerAvatar.show(chat.peer(), chat.peerOnlineProperty().get());
        chat.peerOnlineProperty().addListener(peerOnlineListener);
        ObservableList<MessageItem> messages = chat.messages();
        messageList.setItems(messages);
        messages.addListener(followNewMessages);
        settling = true;
        if (messages.isEmpty()) {
            // The first page is still loading: go to the end once it is there.
            messages.addListener(new ListChangeListener<>() {
                @Override
                public void onChanged(Change<? extends MessageItem> change) {
                    messages.removeListener(this);
                    settleAtBottom();
                }
            });
        } else {
            settleAtBottom();
        }
        composerField.requestFocus();
        watchScrollTop();
    }

    private final javafx.beans.value.ChangeListener<Boolean> peerOnlineListener =
            (obs, was, online) -> peerAvatar.setOnline(online);

    /** Scrolls to the newest message after the rows are laid out; until then scrolling loads nothing older. */
    private void settleAtBottom() {
        Platform.runLater(() -> {
            messageList.scrollTo(messageList.getItems() == null ? 0 : messageList.getItems().size() - 1);
            Platform.runLater(() -> settling = false);
        });
    }

    private boolean isNearBottom() {
        return !(messageList.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) || flow.getPosition() >= 0.98;
    }

    /** Scrolled to the top: fetch the page before, then keep the message that was on top in view. */
    private void watchScrollTop() {
        if (flowWatched) {
            return;
        }
        if (!(messageList.lookup(".virtual-flow") instanceof VirtualFlow<?> flow)) {
            Platform.runLater(this::watchScrollTop); // the skin is not built yet
            return;
        }
        flowWatched = true;
        flow.positionProperty().addListener((obs, old, position) -> {
            ChatItem chat = shownChat;
            if (!settling && position.doubleValue() <= 0 && chat != null && chat.hasOlderProperty().get()
                    && !chat.messages().isEmpty()) {
                MessageItem top = chat.messages().getFirst();
                conversation.loadOlder().thenRun(() -> messageList.scrollTo(top));
            }
        });
    }

    private void installShortcuts(Scene scene) {
        scene.getAccelerators().put(NEW_CHAT, this::showNewChat);
        scene.getAccelerators().put(FIND, () -> {
            newChat.close();
            filterField.requestFocus();
            filterField.selectAll();
        });
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            Node focus = scene.getFocusOwner();
            if (e.getCode() == KeyCode.ESCAPE) {
                if (newChat.openProperty().get()) {
                    newChat.close();
                    filterField.requestFocus();
                    e.consume();
                } else if (!filterField.getText().isEmpty()) {
                    filterField.clear();
                    e.consume();
                } else if (notifier.dismissAll()) {
                    e.consume();
                }
            } else if ((e.getCode() == KeyCode.UP || e.getCode() == KeyCode.DOWN) && !newChat.openProperty().get()
                    && (focus == filterField || focus == chatList || e.isAltDown()
                    || !(focus instanceof TextInputControl) && focus != userList)) {
                if (e.getCode() == KeyCode.UP) {
                    chats.selectPrevious();
                } else {
                    chats.selectNext();
                }
                e.consume();
            }
        });
    }

    @FXML
    private void showNewChat() {
        newChat.show();
        userSearchField.requestFocus();
    }

    @FXML
    private void hideNewChat() {
        newChat.close();
    }

    @FXML
    private void send() {
        conversation.send();
        composerField.requestFocus();
    }

    @FXML
    private void reconnectNow() {
        viewModel.reconnectNow();
    }

    @FXML
    private void signOut() {
        viewModel.signOut();
    }

    /** The header's "last seen" words are relative to today: refreshed by the app's minute timer. */
    public void tick() {
        conversation.refreshHeader();
        chatList.refresh();
    }

    /** A person in the "New chat" search results. */
    private static final class UserCell extends ListCell<UserView> {
        private final Avatar avatar = new Avatar(24);
        private final Label name = new Label();
        private final Label status = new Label();
        private final HBox box;

        UserCell() {
            getStyleClass().add("chat-cell");
            name.getStyleClass().add("chat-name");
            status.getStyleClass().add("chat-preview");
            box = new HBox(12, avatar, new VBox(3, name, status));
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(UserView user, boolean empty) {
            super.updateItem(user, empty);
            if (empty || user == null) {
                setGraphic(null);
                return;
            }
            avatar.show(user.username(), user.online());
            name.setText(user.username());
            status.setText(user.online() ? "online" : "Hey there! I am using Parley.");
            setGraphic(box);
        }
    }
}

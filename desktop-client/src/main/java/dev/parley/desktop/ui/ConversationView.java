package dev.parley.desktop.ui;

import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.ComposerMode;
import dev.parley.desktop.chat.ConversationViewModel;
import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.common.Formats;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.geometry.Bounds;
import javafx.scene.control.IndexedCell;
import dev.parley.desktop.chat.UnreadMark;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * Controller of {@code ConversationView.fxml}: the open chat's header, messages and composer (with the bar of a reply
 * or an edit over it), with the {@link GroupInfoView} included beside them for a group. It carries out the messages'
 * actions where they move the focus or ask first ({@link MessageCommands}). Keeps the scroll position where a reader expects it: at the
 * newest message on opening, following new messages while at the bottom, and steady when older history arrives above.
 */
public final class ConversationView {

    private static final PseudoClass TYPING = PseudoClass.getPseudoClass("typing");
    private static final PseudoClass GROUP = PseudoClass.getPseudoClass("group");
    private static final int BOTTOM_CHECKS = 3;
    private static final PseudoClass EDITING = PseudoClass.getPseudoClass("editing");
    private static final Duration HIGHLIGHT = Duration.seconds(2);

    private final ConversationViewModel viewModel;
    private final Formats formats;
    private final Consumer<String> openLink;

    @FXML private VBox placeholder;
    @FXML private HBox conversationRow;
    @FXML private BorderPane conversationPane;
    @FXML private HBox headerInfo;
    @FXML private MenuItem groupInfoItem;
    @FXML private MenuItem exitGroupItem;
    @FXML private HBox notMemberNotice;
    @FXML private GroupInfoView groupInfoController;
    @FXML private ChatSearchView chatSearchController;
    @FXML private Button latestButton;
    @FXML private Label latestCount;
    @FXML private Avatar peerAvatar;
    @FXML private Label peerName;
    @FXML private Label peerStatus;
    @FXML private ListView<MessageItem> messageList;
    @FXML private TextArea composerField;
    @FXML private Button sendButton;
    @FXML private MenuButton chatMenu;
    @FXML private MenuItem blockItem;
    @FXML private HBox blockedNotice;
    @FXML private Label blockedText;
    @FXML private HBox composerBar;
    @FXML private Label composerBarTitle;
    @FXML private Label composerBarText;
    @FXML private Button attachButton;
    @FXML private Button emojiButton;
    @FXML private VBox composerArea;
    @FXML private VBox uploadTray;
    @FXML private javafx.scene.layout.FlowPane uploadList;
    @FXML private Label uploadNotice;
    @FXML private Label lengthNotice;

    private boolean flowWatched;
    private int bottomChecks;
    private final Runnable afterLayout = () -> {
        checkBottom();
        holdTop();
        followScrolling();
    };
    /** The newest message is not wholly in view: the reader scrolled up (the button down shows). */
    private final BooleanProperty scrolledUp = new SimpleBooleanProperty();
    /** Messages of others that came below while the reader was scrolled up (the button's badge). */
    private final IntegerProperty unseen = new SimpleIntegerProperty();
    /** After Read more, until {@code heldUntil} (nanoTime): the row whose top stays at {@code heldTop} (scene y). */
    private int heldIndex = -1;
    private double heldTop;
    private long heldUntil;
    private boolean settling;
    /** Between {@link #focusComposer} and the moment the composer takes the focus: see {@link #redirectTyped}. */
    private boolean composerFocusPending;
    private ChatItem shownChat;
    private MessageListKeys messageKeys;
    private AttachmentControls attachments;
    private EmojiPicker emojiPicker;

    /** {@code openLink} opens a link from a message (in the system browser). */
    public ConversationView(ConversationViewModel viewModel, Formats formats, Consumer<String> openLink) {
        this.viewModel = viewModel;
        this.formats = formats;
        this.openLink = openLink;
    }

    @FXML
    private void initialize() {
        chatMenu.setOnShown(e -> openLeftwards());
        peerName.textProperty().bind(viewModel.titleProperty());
        peerStatus.textProperty().bind(viewModel.subtitleProperty());
        // Nothing to say (never connected, or hidden by a block): the name alone, centred, as WhatsApp shows it.
        peerStatus.managedProperty().bind(peerStatus.textProperty().isNotEmpty());
        peerStatus.visibleProperty().bind(peerStatus.textProperty().isNotEmpty());
        viewModel.typingProperty().addListener((obs, was, typing) -> peerStatus.pseudoClassStateChanged(TYPING, typing));
        composerField.textProperty().bindBidirectional(viewModel.draftProperty());
        composerField.textProperty().addListener((obs, old, text) -> {
            composerField.setPrefRowCount((int) Math.clamp(text.lines().count(), 1, 6));
            // As the web's dir="auto": Hebrew or Arabic typed first makes a right-to-left paragraph.
            composerField.setNodeOrientation(WrapSafeText.orientation(text));
        });
        sendButton.disableProperty().bind(viewModel.canSendProperty().not());
        lengthNotice.textProperty().bind(viewModel.lengthNoticeProperty());
        lengthNotice.visibleProperty().bind(viewModel.lengthNoticeProperty().isNotEmpty());
        lengthNotice.managedProperty().bind(lengthNotice.visibleProperty());
        blockItem.textProperty().bind(viewModel.blockActionProperty());
        blockedText.textProperty().bind(viewModel.blockNoticeProperty());
        blockedNotice.visibleProperty().bind(viewModel.blockedProperty());
        blockedNotice.managedProperty().bind(viewModel.blockedProperty());
        notMemberNotice.visibleProperty().bind(viewModel.notMemberProperty());
        notMemberNotice.managedProperty().bind(viewModel.notMemberProperty());
        composerField.disableProperty().bind(viewModel.blockedProperty().or(viewModel.notMemberProperty()));
        composerField.promptTextProperty().bind(Bindings.createStringBinding(() ->
                viewModel.blockedProperty().get() ? "Unblock to send a message"
                        : viewModel.notMemberProperty().get() ? "You can't send messages to this group"
                        : "Type a message", viewModel.blockedProperty(), viewModel.notMemberProperty()));
        blockItem.visibleProperty().bind(viewModel.groupProperty().not());
        groupInfoItem.visibleProperty().bind(viewModel.groupProperty());
        exitGroupItem.visibleProperty().bind(viewModel.groupProperty().and(viewModel.notMemberProperty().not()));
        viewModel.groupProperty().addListener((obs, was, group) -> headerInfo.pseudoClassStateChanged(GROUP, group));
        groupInfoController.setOnClosed(this::focusComposer);
        chatSearchController.setOnClosed(this::focusComposer);
        chatSearchController.setOnFound(this::reveal);
        emojiPicker = new EmojiPicker(composerField, viewModel::frequentEmoji);
        composerArea.getChildren().add(composerArea.getChildren().size() - 1, emojiPicker);
        emojiButton.disableProperty().bind(composerField.disableProperty());
        composerField.disabledProperty().addListener((obs, was, disabled) -> {
            if (disabled) {
                emojiPicker.close(false);
            }
        });
        viewModel.unreadMarkProperty().addListener((obs, was, mark) -> {
            if (mark == null && was != null && viewModel.chatProperty().get() != null) {
                messageList.refresh(); // answered: the divider goes (a chat opening sets its own mark, then its rows)
            }
        });
        viewModel.chatProperty().addListener((obs, old, chat) -> {
            emojiPicker.close(false);
            // The chat's draft has just replaced the text (the caret at its start): writing goes on after it, from the
            // first key (typed at once: see redirectTyped) and once the replacement has settled.
            composerField.end();
            Platform.runLater(composerField::end);
        });
        attachments = new AttachmentControls(viewModel, conversationPane);
        attachments.bindTray(uploadTray, uploadList, uploadNotice, attachButton);
        attachments.acceptDrops(conversationPane);
        composerField.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() && e.getCode() == KeyCode.V && attachments.paste()) {
                e.consume();
            } else if (e.isShortcutDown() && e.getCode() == KeyCode.U) {
                e.consume();
                attach();
            } else if (e.getCode() == KeyCode.ENTER) {
                e.consume();
                if (e.isShiftDown()) {
                    composerField.replaceSelection("\n");
                } else {
                    sendMessage();
                }
            } else if (e.getCode() == KeyCode.TAB && e.isShiftDown() && !e.isShortcutDown()
                    && messageKeys.enter()) {
                e.consume();
            }
        });
        MessageCommands commands = new Commands();
        messageKeys = new MessageListKeys(messageList, this::flow, () -> viewModel.loadOlder(),
                () -> viewModel.loadNewer(), composerField::requestFocus, commands);
        messageList.setCellFactory(list -> new MessageCell(formats, viewModel, openLink, commands,
                attachments.thumbnails()));
        initComposerBar();
        messageList.setPlaceholder(new Label(""));
        messageList.setSelectionModel(new NoSelectionModel<>());
        messageList.widthProperty().addListener((obs, old, width) -> {
            boolean wasAtBottom = isAtBottom();
            messageList.refresh(); // bubbles take a share of the width: they wrap anew
            keepBottom(wasAtBottom);
        });
        messageList.heightProperty().addListener((obs, old, height) -> keepBottom(isAtBottom()));
        latestCount.textProperty().bind(unseen.asString());
        latestCount.visibleProperty().bind(unseen.greaterThan(0).and(latestButton.visibleProperty()));
        latestButton.accessibleTextProperty().bind(Bindings.createStringBinding(() -> unseen.get() == 0
                ? "Newest messages" : unseen.get() == 1 ? "1 new message" : unseen.get() + " new messages", unseen));
        messageList.sceneProperty().addListener((obs, old, scene) -> {
            if (old != null) {
                old.removePostLayoutPulseListener(afterLayout);
            }
            if (scene != null) {
                scene.addPostLayoutPulseListener(afterLayout);
            }
        });
        viewModel.chatProperty().addListener((obs, old, chat) -> show(chat));
        show(viewModel.chatProperty().get());
    }

    /** The bar over the composer while replying or editing; a message jumped to is highlighted for a moment. */
    private void initComposerBar() {
        var active = viewModel.composerModeProperty().isNotEqualTo(ComposerMode.WRITE);
        composerBar.visibleProperty().bind(active);
        composerBar.managedProperty().bind(active);
        composerBarTitle.textProperty().bind(viewModel.composerTitleProperty());
        composerBarText.textProperty().bind(Bindings.createStringBinding(
                () -> viewModel.composerQuoteProperty().get().replace('\n', ' '), viewModel.composerQuoteProperty()));
        viewModel.composerModeProperty().addListener((obs, was, mode) ->
                composerBar.pseudoClassStateChanged(EDITING, mode == ComposerMode.EDIT));
        viewModel.highlightedProperty().addListener((obs, was, item) -> {
            if (item != null) {
                PauseTransition fade = new PauseTransition(HIGHLIGHT);
                fade.setOnFinished(e -> viewModel.clearHighlight(item));
                fade.play();
            }
        });
    }

    /** What a message's menu, its shortcuts and its quote do here. */
    private final class Commands implements MessageCommands {
        @Override
        public void reply(MessageItem item) {
            if (viewModel.canReply(item)) {
                viewModel.reply(item);
                focusComposer();
            }
        }

        @Override
        public void edit(MessageItem item) {
            if (viewModel.edit(item)) {
                focusComposerAtEnd();
            }
        }

        /**
         * The message grows below the part that was read, its top staying where it was: the list by itself kept its
         * end in view, so the reader lost their place (far past the fold in a message thousands of characters long).
         * The top is put back at once and then after each of the next few layouts: a long right-to-left message, laid
         * out a word at a time, can settle its height over more than one pulse.
         */
        @Override
        public void readMore(MessageItem item) {
            int index = messageList.getItems() == null ? -1 : messageList.getItems().indexOf(item);
            VirtualFlow<?> flow = flow();
            IndexedCell<?> before = flow == null || index < 0 ? null : flow.getVisibleCell(index);
            double top = before == null ? 0 : before.localToScene(0, 0).getY();
            bottomChecks = 0;
            item.expand();
            if (before != null) {
                messageList.layout();
                keepTop(flow, index, top);
                heldIndex = index;
                heldTop = top;
                heldUntil = System.nanoTime() + HOLD_TOP_NANOS;
            }
        }

        @Override
        public void delete(MessageItem item) {
            if (viewModel.canDelete(item) && Dialogs.confirm(conversationPane, "Delete message", "Delete message?",
                    "It will be deleted for everyone in this chat" + (item.mine() ? "." : ", not just for you."),
                    "Delete for everyone")) {
                viewModel.delete(item);
            }
        }

        @Override
        public void info(MessageItem item) {
            showMessageInfo(item);
        }

        @Override
        public void openPhoto(dev.parley.protocol.AttachmentView photo) {
            attachments.openPhoto(photo);
        }

        @Override
        public void saveAs(dev.parley.protocol.AttachmentView file) {
            attachments.saveAs(file);
            messageList.refresh(); // its bubble shows the progress
        }

        @Override
        public dev.parley.desktop.chat.Download download(dev.parley.protocol.AttachmentView file) {
            return attachments.download(file);
        }

        @Override
        public void jumpTo(long seq) {
            viewModel.jumpTo(seq).thenAccept(item -> {
                if (item != null) {
                    int index = messageList.getItems().indexOf(item);
                    bottomChecks = 0;
                    messageList.scrollTo(Math.max(0, index - 2)); // a little context above it
                    messageKeys.focus(item);
                }
            });
        }
    }

    /** How long after Read more the message's top is held in place, layout after layout. */
    private static final long HOLD_TOP_NANOS = 500_000_000L;

    /** Scrolls so that the cell at {@code index} has its top at {@code top} (scene y) again, when it is shown. */
    private static void keepTop(VirtualFlow<?> flow, int index, double top) {
        IndexedCell<?> cell = flow.getVisibleCell(index);
        if (cell != null) {
            double drift = cell.localToScene(0, 0).getY() - top;
            if (Math.abs(drift) >= 0.5) {
                flow.scrollPixels(drift);
            }
        }
    }

    /**
     * After a layout pass: the row Read more grew keeps its top, for a short while after the click (and no longer:
     * after it the reader's own scrolling must not be fought).
     */
    private void holdTop() {
        if (heldIndex < 0) {
            return;
        }
        if (System.nanoTime() - heldUntil > 0 || !(flow() instanceof VirtualFlow<?> flow)) {
            heldIndex = -1;
        } else {
            keepTop(flow, heldIndex, heldTop);
        }
    }

    @FXML
    private void cancelComposerMode() {
        viewModel.cancelComposerMode();
        composerField.requestFocus();
    }

    /** The attach button (and Ctrl+U in the composer): pick files; the composer keeps the focus for a caption. */
    @FXML
    private void attach() {
        attachments.choose();
        composerField.requestFocus();
    }

    /** The photos and files side of the view (tests drive Save as… and the viewer through it). */
    AttachmentControls attachments() {
        return attachments;
    }

    /** Up in the empty composer: edits my newest editable message here; false when there is none. */
    boolean editLast(Node focus) {
        if (isEmptyComposer(focus) && viewModel.editLast()) {
            focusComposerAtEnd();
            return true;
        }
        return false;
    }

    private void focusComposerAtEnd() {
        Platform.runLater(() -> {
            composerField.requestFocus();
            composerField.end();
        });
    }

    private final ListChangeListener<MessageItem> followNewMessages = change -> {
        if (shownChat != null && shownChat.hasNewerProperty().get()) {
            return; // a page of newer history below an older message: the reader scrolls on by themselves
        }
        while (change.next()) {
            if (change.wasAdded() && change.getFrom() > 0 && change.getTo() == change.getList().size()) {
                // The rows still show the list as it was: was its last message (the one before these) in view?
                boolean wasAtBottom = isWhollyShown(change.getFrom() - 1);
                if (change.getList().getLast().mine() || wasAtBottom) {
                    Platform.runLater(this::scrollToBottom);
                } else {
                    unseen.set(unseen.get() + (int) change.getAddedSubList().stream()
                            .filter(item -> !item.mine() && !item.event()).count());
                }
            }
        }
    };

    private final ChangeListener<Boolean> peerOnlineListener = (obs, was, online) -> peerAvatar.setOnline(online);
    private final ChangeListener<String> nameListener = (obs, was, name) -> showAvatar(shownChat);
    /** Someone in the chat changed their display name: sender names and event lines say it anew. */
    private final InvalidationListener namesListener = obs -> messageList.refresh();

    private void show(ChatItem chat) {
        if (shownChat != null) {
            shownChat.messages().removeListener(followNewMessages);
            shownChat.peerOnlineProperty().removeListener(peerOnlineListener);
            shownChat.nameProperty().removeListener(nameListener);
            shownChat.namesChangedProperty().removeListener(namesListener);
        }
        shownChat = chat;
        placeholder.setVisible(chat == null);
        conversationRow.setVisible(chat != null);
        unseen.set(0);
        scrolledUp.set(false);
        heldIndex = -1; // a row of the chat before
        if (chat == null) {
            latestButton.visibleProperty().unbind();
            latestButton.setVisible(false);
            messageList.setItems(null);
            return;
        }
        showAvatar(chat);
        latestButton.visibleProperty().bind(chat.hasNewerProperty().or(scrolledUp));
        chat.peerOnlineProperty().addListener(peerOnlineListener);
        chat.nameProperty().addListener(nameListener);
        chat.namesChangedProperty().addListener(namesListener);
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
                    settle();
                }
            });
        } else {
            settle();
        }
        focusComposer();
        watchScrollTop();
    }

    /**
     * After the rows are laid out, scrolls to the message it was opened at (a search result), else to the first
     * unread message (under its divider), else to the newest; until then scrolling loads nothing.
     */
    private void settle() {
        Platform.runLater(() -> {
            UnreadMark mark = viewModel.unreadMarkProperty().get();
            int firstUnread = mark == null || messageList.getItems() == null ? -1 : mark.index(messageList.getItems());
            MessageItem target = viewModel.highlightedProperty().get();
            int at = target == null || messageList.getItems() == null ? -1 : messageList.getItems().indexOf(target);
            if (at >= 0) {
                scrollNear(at);
            } else if (firstUnread >= 0 && flow() instanceof VirtualFlow<?> flow) {
                messageList.layout();
                flow.scrollToTop(firstUnread);
            } else {
                scrollToBottom();
            }
            Platform.runLater(() -> settling = false);
        });
    }

    /** A resize while the newest message was in view keeps it there (the list would keep its top instead). */
    private void keepBottom(boolean wasAtBottom) {
        if (wasAtBottom && !settling) {
            Platform.runLater(this::scrollToBottom);
        }
    }

    /**
     * Brings the newest message wholly into view. {@code ListView.scrollTo} positions by estimated row heights, which
     * can leave a tall last row partly below the fold: once laid out, the flow scrolls by the row's measured height,
     * and again after the next few layout passes in case rows took their final size only then.
     */
    private void scrollToBottom() {
        ObservableList<MessageItem> items = messageList.getItems();
        if (items == null || items.isEmpty()) {
            return;
        }
        int last = items.size() - 1;
        messageList.scrollTo(last);
        messageList.layout();
        if (flow() instanceof VirtualFlow<?> flow) {
            flow.scrollTo(last);
        }
        bottomChecks = BOTTOM_CHECKS;
    }

    /**
     * After a layout pass: whether the reader is scrolled up (not while a chat settles at its place); back at the
     * newest message, nothing is unseen any more.
     */
    private void followScrolling() {
        if (settling || shownChat == null) {
            return;
        }
        boolean up = !isAtBottom();
        scrolledUp.set(up);
        if (!up) {
            unseen.set(0);
        }
    }

    /** After a layout pass: pulls the newest row back into view if it grew below the fold since the last scroll. */
    private void checkBottom() {
        if (bottomChecks > 0) {
            bottomChecks--;
            if (!isAtBottom() && flow() instanceof VirtualFlow<?> flow) {
                flow.scrollTo(messageList.getItems().size() - 1);
            }
        }
    }

    private VirtualFlow<?> flow() {
        return messageList.lookup(".virtual-flow") instanceof VirtualFlow<?> flow ? flow : null;
    }

    /** Whether the newest message, as the rows are laid out now, shows from top to bottom. */
    private boolean isAtBottom() {
        return messageList.getItems() == null || messageList.getItems().isEmpty()
                || isWhollyShown(messageList.getItems().size() - 1);
    }

    /** Whether the row of {@code index}, as laid out now, shows from top to bottom. */
    private boolean isWhollyShown(int index) {
        VirtualFlow<?> flow = flow();
        if (flow == null) {
            return true;
        }
        IndexedCell<?> cell = flow.getLastVisibleCell();
        if (cell == null || cell.getIndex() != index) {
            return false;
        }
        Bounds row = cell.localToScene(cell.getLayoutBounds());
        Bounds view = flow.localToScene(flow.getLayoutBounds());
        return row.getMaxY() <= view.getMaxY() + 1;
    }

    /** Scrolled to the top: fetch the page before, then keep the message that was on top in view. */
    private void watchScrollTop() {
        if (flowWatched) {
            return;
        }
        if (!(flow() instanceof VirtualFlow<?> flow)) {
            Platform.runLater(this::watchScrollTop); // the skin is not built yet
            return;
        }
        flowWatched = true;
        flow.positionProperty().addListener((obs, old, position) -> {
            ChatItem chat = shownChat;
            if (settling || chat == null || chat.messages().isEmpty()) {
                return;
            }
            if (position.doubleValue() <= 0 && chat.hasOlderProperty().get()) {
                MessageItem top = chat.messages().getFirst();
                viewModel.loadOlder().thenRun(() -> messageList.scrollTo(top));
            } else if (position.doubleValue() >= 1 && chat.hasNewerProperty().get()) {
                viewModel.loadNewer(); // rows added below leave the ones in view where they are
            }
        });
    }

    /** A group's avatar shows its name's initials on a colour of its own; a person's, theirs and the online dot. */
    private void showAvatar(ChatItem chat) {
        if (chat.group()) {
            peerAvatar.show(chat.name(), chat.roomUuid().toString(), false);
        } else {
            peerAvatar.show(chat.name(), chat.peer(), chat.peerOnlineProperty().get());
        }
    }

    /** A click on a group's name or avatar opens its info, as in WhatsApp. */
    @FXML
    private void headerClicked() {
        if (viewModel.groupProperty().get()) {
            showGroupInfo();
        }
    }

    @FXML
    private void showGroupInfo() {
        chatSearchController.close(); // one panel beside the conversation at a time
        groupInfoController.show();
    }

    /**
     * The header's ⋮ menu hangs leftwards from its button, its right edge under the button's, as WhatsApp's does:
     * opened rightwards (JavaFX's way) from a button at the window's right edge it hung past the window.
     */
    private void openLeftwards() {
        javafx.geometry.Bounds button = chatMenu.localToScreen(chatMenu.getBoundsInLocal());
        if (button == null) {
            return;
        }
        for (javafx.stage.Window window : javafx.stage.Window.getWindows()) {
            if (window instanceof javafx.scene.control.ContextMenu menu && menu.getOwnerNode() == chatMenu) {
                menu.setX(button.getMaxX() - menu.getWidth());
            }
        }
    }

    /**
     * Adds the items {@code extras} makes for the open chat (my settings of it) below the header menu's own, built
     * anew each time the menu opens.
     */
    public void setChatMenuExtras(java.util.function.Function<ChatItem, java.util.List<MenuItem>> extras) {
        java.util.List<MenuItem> added = new java.util.ArrayList<>();
        chatMenu.setOnShowing(e -> {
            chatMenu.getItems().removeAll(added);
            added.clear();
            ChatItem chat = viewModel.chatProperty().get();
            if (chat != null) {
                added.add(new javafx.scene.control.SeparatorMenuItem());
                added.addAll(extras.apply(chat));
                chatMenu.getItems().addAll(added);
            }
        });
    }

    /** "Search" (Ctrl+Shift+F, the header's magnifier, the chat menu): the panel that searches this chat. */
    @FXML
    void showSearch() {
        if (viewModel.chatProperty().get() != null) {
            groupInfoController.hide();
            chatSearchController.show();
        }
    }

    /**
     * Scrolls {@code item} (a message just shown by a search, highlighted) into view with a little context above;
     * nothing when it is not to be had.
     */
    void reveal(MessageItem item) {
        if (item != null) {
            Platform.runLater(() -> {
                int at = messageList.getItems() == null ? -1 : messageList.getItems().indexOf(item);
                if (at >= 0) {
                    scrollNear(at);
                }
            });
        }
    }

    private void scrollNear(int index) {
        bottomChecks = 0; // a chat opened at an older message settled at its newest first: no pulling back there
        messageList.scrollTo(Math.max(0, index - 3));
    }

    /** The button over a chat opened at an older message: its newest messages, scrolled to the end. */
    @FXML
    private void showLatest() {
        backToLatest();
        focusComposer();
    }

    /**
     * The newest messages in place of the ones shown (of a chat opened far back), then the end of them in view; as
     * on opening, nothing older loads while they arrive (the list starts at its top).
     */
    private void backToLatest() {
        settling = true;
        viewModel.showLatest().thenRun(() -> Platform.runLater(() -> {
            scrollToBottom();
            Platform.runLater(() -> settling = false);
        }));
    }

    @FXML
    private void exitGroup() {
        groupInfoController.confirmLeave();
    }

    /** Ctrl+I: message info of the message the keyboard is on, else of my newest message in this group. */
    void showMessageInfoFromKeyboard() {
        showMessageInfo(viewModel.infoTarget(messageKeys.focused()));
    }

    /** Whether {@code node} is the message list, where Up and Down move between messages. */
    boolean isMessageList(Node node) {
        return node == messageList;
    }

    private void showMessageInfo(MessageItem item) {
        if (item != null && viewModel.hasInfo(item)) {
            MessageInfoDialog.show(conversationPane, viewModel.messageInfo(item), formats);
        }
    }

    /**
     * Whether {@code node} is in a panel beside the conversation (group info, search), whose lists move with Up and
     * Down themselves.
     */
    boolean isInSidePanel(Node node) {
        return groupInfoController.contains(node) || chatSearchController.contains(node);
    }

    /**
     * Esc: closes the emoji picker, back to the composer; from the messages back to the composer; in the search
     * panel, closes it; else, outside the group info panel, it cancels a reply or an edit; else the group info panel
     * handles it (ending a rename, else closing), or the search panel closes; true when one of them did.
     */
    boolean escape() {
        if (emojiPicker.isOpen()) {
            emojiPicker.close(true);
            return true;
        }
        if (messageList.isFocused()) {
            composerField.requestFocus();
            return true;
        }
        Node focus = composerField.getScene() == null ? null : composerField.getScene().getFocusOwner();
        if (chatSearchController.contains(focus)) {
            return chatSearchController.escape(); // closing it gives the composer the focus
        }
        if (!groupInfoController.contains(focus) && viewModel.cancelComposerMode()) {
            composerField.requestFocus();
            return true;
        }
        return groupInfoController.escape() || chatSearchController.escape();
    }

    /** The menu's Block / Unblock, after the user confirms it in a dialog. */
    @FXML
    private void toggleBlock() {
        boolean unblocking = viewModel.blockedProperty().get();
        String peer = viewModel.titleProperty().get();
        ButtonType confirm = new ButtonType(unblocking ? "Unblock" : "Block", ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.NONE, unblocking
                ? peer + " will be able to message you and see when you're online again."
                : peer + " won't be able to message you, start a chat with you or see when you're online. "
                        + "You can still read this chat.", ButtonType.CANCEL, confirm);
        alert.setTitle(unblocking ? "Unblock" : "Block");
        alert.setHeaderText((unblocking ? "Unblock " : "Block ") + peer + "?");
        alert.initOwner(conversationPane.getScene().getWindow());
        alert.getDialogPane().getStylesheets().setAll(conversationPane.getScene().getStylesheets());
        alert.getDialogPane().getStyleClass().add("confirm-dialog");
        if (alert.showAndWait().filter(confirm::equals).isPresent()) {
            if (unblocking) {
                viewModel.unblock();
            } else {
                viewModel.block();
            }
        }
    }

    @FXML
    private void unblock() {
        viewModel.unblock();
    }

    @FXML
    private void send() {
        sendMessage();
        composerField.requestFocus();
    }

    /** Sends what the composer holds; from a chat opened at an older message, the newest messages come back first. */
    private void sendMessage() {
        if (shownChat != null && shownChat.hasNewerProperty().get() && viewModel.canSendProperty().get()
                && viewModel.composerModeProperty().get() != ComposerMode.EDIT) {
            backToLatest();
        }
        viewModel.send();
    }

    /**
     * Puts the caret in the composer once the event that opened the chat is over: a click in the chat list ends
     * with the list taking the focus, which would otherwise swallow what is typed next.
     */
    void focusComposer() {
        composerFocusPending = true;
        Platform.runLater(() -> {
            composerFocusPending = false;
            composerField.requestFocus();
        });
    }

    /** As {@link #focusComposer}, with {@code typed} (typed while the chat was opening) put in the composer first. */
    void focusComposerTyping(String typed) {
        if (!typed.isEmpty()) {
            composerField.appendText(typed);
            composerField.end();
        }
        focusComposer();
    }

    /**
     * Text typed while the composer is about to take the focus goes into it, not to where the focus still is (the
     * chat list, the chat search): the keys can be queued before the focus request runs, when the user types at
     * once after a click or a key that opened a chat and the app was busy opening it (a glass toolkit may also run
     * {@code runLater} tasks only after the input events waiting). Called from the scene's key-typed filter.
     */
    void redirectTyped(KeyEvent e) {
        String typed = e.getCharacter();
        if (!composerFocusPending || e.getTarget() == composerField || composerField.isDisabled()
                || typed.isEmpty() || Character.isISOControl(typed.charAt(0))
                || e.isControlDown() || e.isAltDown() || e.isMetaDown()) {
            return;
        }
        composerFocusPending = false;
        composerField.requestFocus();
        e.consume();
        composerField.fireEvent(e.copyFor(composerField, composerField));
    }

    /** The smiley, and Ctrl+Alt+E: opens the emoji picker on its first emoji, or closes it (back to the composer). */
    @FXML
    void toggleEmoji() {
        if (viewModel.chatProperty().get() != null) {
            emojiPicker.toggle();
        }
    }

    /** Whether {@code node} is in the emoji picker (its arrows are its own). */
    boolean isInEmojiPicker(Node node) {
        return emojiPicker.contains(node);
    }

    /** Whether {@code node} is the composer with nothing written in it (Up and Down then move between chats). */
    boolean isEmptyComposer(Node node) {
        return node == composerField && composerField.getText().isEmpty();
    }

    /** The header's "last seen" words are relative to today: refreshed by the app's minute timer. */
    void tick() {
        viewModel.refreshHeader();
    }
}

package dev.parley.desktop;

import dev.parley.desktop.chat.ChatListViewModel;
import dev.parley.desktop.chat.ConnectionStatus;
import dev.parley.desktop.chat.ConversationViewModel;
import dev.parley.desktop.chat.GroupInfoViewModel;
import dev.parley.desktop.chat.MainViewModel;
import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.chat.NewChatViewModel;
import dev.parley.desktop.chat.Outbox;
import dev.parley.desktop.chat.PacedConnection;
import dev.parley.desktop.chat.SearchViewModel;
import dev.parley.desktop.common.Formats;
import dev.parley.desktop.login.LoginViewModel;
import dev.parley.desktop.login.Session;
import dev.parley.desktop.net.ApiClient;
import dev.parley.desktop.net.ChatSocketClient;
import dev.parley.desktop.ui.Browser;
import dev.parley.desktop.ui.ChatSearchView;
import dev.parley.desktop.ui.ConversationView;
import dev.parley.desktop.ui.GroupInfoView;
import dev.parley.desktop.ui.LoginView;
import dev.parley.desktop.ui.MainView;
import dev.parley.desktop.ui.NewChatView;
import dev.parley.desktop.ui.ProfileView;
import dev.parley.desktop.ui.Notifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The composition root: builds each ViewModel with its collaborators and each view with its ViewModels, remembers
 * settings and the session, shows the sign-in screen or the chats, switches theme, and restores the window where it
 * was. FX thread only.
 */
public final class ParleyApp extends Application {

    private final ConfigStore store;
    private URI serverOverride;
    private Stage stage;
    private final StackPane shell = new StackPane();
    private final BooleanProperty darkTheme = new SimpleBooleanProperty();
    private final Notifier notifier = new Notifier();
    private final FxScheduler scheduler = new FxScheduler();
    private final Formats formats = new Formats(Clock.systemDefaultZone());
    private Properties settings;
    private MainViewModel main;
    private ChatListViewModel chats;
    private ConversationViewModel conversation;
    private SearchViewModel search;
    private SearchViewModel chatSearch;
    private MainView mainView;
    private Timeline minuteTimer;
    /** Runs a moment after the window last moved or was resized: see {@link #rememberBounds()}. */
    private final PauseTransition settled = new PauseTransition(Duration.millis(400));
    private final InvalidationListener moved = obs -> settled.playFromStart();

    public ParleyApp() {
        this(ConfigStore.forUser(), null);
    }

    /** For tests: a config directory of their own and the server to use. */
    public ParleyApp(ConfigStore store, URI server) {
        this.store = store;
        this.serverOverride = server;
    }

    @Override
    public void start(Stage primaryStage) {
        this.stage = primaryStage;
        String named = getParameters() == null ? null : getParameters().getNamed().get("server");
        if (named != null) {
            serverOverride = ApiClient.normalise(URI.create(named));
        }
        settings = store.settings();
        darkTheme.set("dark".equals(settings.getProperty("theme")));
        darkTheme.addListener((obs, was, dark) -> {
            applyTheme();
            settings.setProperty("theme", dark ? "dark" : "light");
            store.saveSettings(settings);
        });
        applyTheme();
        Scene scene = new Scene(shell, number("window.width", 1100), number("window.height", 720));
        scene.getStylesheets().add(resource("app.css"));
        stage.setScene(scene);
        stage.setMinWidth(645); // the chat list's minimum, its edge and the conversation's minimum (MainView.fxml)
        stage.setMinHeight(520);
        restoreBounds();
        rememberBounds();
        Optional<Session> session = store.session()
                .filter(s -> serverOverride == null || s.server().equals(serverOverride));
        session.ifPresentOrElse(this::showMain, () -> showLogin(null));
        minuteTimer = new Timeline(new KeyFrame(Duration.minutes(1), e -> {
            if (mainView != null) {
                mainView.tick();
            }
        }));
        minuteTimer.setCycleCount(Timeline.INDEFINITE);
        minuteTimer.play();
        stage.show();
    }

    private void showLogin(String reason) {
        leaveMain();
        LoginViewModel viewModel = new LoginViewModel(base -> new ApiClient(base, null), Platform::runLater,
                session -> {
                    store.saveSession(session);
                    settings.setProperty("server", session.server().toString());
                    store.saveSettings(settings);
                    showMain(session);
                });
        viewModel.serverProperty().set(serverOverride != null ? serverOverride.toString()
                : settings.getProperty("server", "http://localhost:8080"));
        if (reason != null) {
            viewModel.showError(reason);
        }
        stage.titleProperty().unbind();
        stage.setTitle("Parley");
        shell.getChildren().setAll(load("ui/LoginView.fxml", new LoginView(viewModel)));
    }

    private void showMain(Session session) {
        leaveMain();
        String me = session.username();
        ApiClient api = new ApiClient(session.server(), session.token());
        // My sends and actions paced to the server's send limit, so a burst is stored in the order written.
        PacedConnection socket = new PacedConnection(new ChatSocketClient(api.webSocketUri(), session.token()),
                scheduler, Platform::runLater);
        ConnectionStatus connection = new ConnectionStatus(scheduler);
        Outbox<MessageItem> outbox = new Outbox<>();
        conversation = new ConversationViewModel(me, api, socket, connection, outbox, Platform::runLater,
                scheduler, Clock.systemDefaultZone(), formats, store.drafts(session.server(), me),
                store.emoji(session.server(), me));
        chats = new ChatListViewModel(me, conversation, scheduler);
        main = new MainViewModel(me, api, socket, connection, outbox, chats, conversation, Platform::runLater,
                scheduler);
        NewChatViewModel newChat = new NewChatViewModel(me, api, Platform::runLater, chats::openRoom);
        GroupInfoViewModel groupInfo = new GroupInfoViewModel(me, api, Platform::runLater, conversation, chats);
        search = SearchViewModel.everywhere(me, api, Platform::runLater, scheduler, chats, conversation);
        chatSearch = SearchViewModel.inChat(me, api, Platform::runLater, scheduler, chats, conversation);
        conversation.windowFocusedProperty().bind(stage.focusedProperty());
        main.setOnSignedOut(reason -> {
            store.clearSession();
            showLogin(reason);
        });
        mainView = new MainView(main, chats, conversation, search, formats, darkTheme, notifier);
        shell.getChildren().setAll(load("ui/MainView.fxml", mainView,
                new ConversationView(conversation, formats, Browser::open), new NewChatView(newChat, formats),
                new ProfileView(main.profile()),
                new GroupInfoView(groupInfo, formats), new ChatSearchView(chatSearch, formats)));
        mainView.restoreListWidth(number("list.width", Double.NaN));
        mainView.listWidthProperty().addListener(moved); // remembered with the window's place once it settles
        stage.titleProperty().bind(chats.titleProperty());
        main.start();
    }

    private void leaveMain() {
        if (main != null) {
            conversation.windowFocusedProperty().unbind();
            main.stop();
            main = null;
            chats = null;
            conversation = null;
            search = null;
            chatSearch = null;
            mainView = null;
        }
    }

    @Override
    public void stop() {
        if (stage != null) {
            placement().forEach(p -> p.removeListener(moved));
            settled.stop();
        }
        saveBounds();
        leaveMain();
        if (minuteTimer != null) {
            minuteTimer.stop();
        }
        scheduler.close();
        notifier.close();
    }

    /** The signed-in window's ViewModel, or null on the sign-in screen (tests look at it). */
    public MainViewModel mainViewModel() {
        return main;
    }

    /** The chat list's ViewModel, or null on the sign-in screen (tests look at it). */
    public ChatListViewModel chatListViewModel() {
        return chats;
    }

    /** The open conversation's ViewModel, or null on the sign-in screen (tests look at it). */
    public ConversationViewModel conversationViewModel() {
        return conversation;
    }

    /** The search over every chat (the field over the chat list), or null on the sign-in screen (tests look at it). */
    public SearchViewModel searchViewModel() {
        return search;
    }

    /** The search in the open chat (its panel), or null on the sign-in screen (tests look at it). */
    public SearchViewModel chatSearchViewModel() {
        return chatSearch;
    }

    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    private void applyTheme() {
        shell.getStyleClass().remove("dark");
        if (darkTheme.get()) {
            shell.getStyleClass().add("dark");
        }
    }

    /** Where the window was left, on a screen that still shows it (see {@link WindowPlacement}). */
    private void restoreBounds() {
        Rectangle2D placed = WindowPlacement.fit(number("window.x", Double.NaN), number("window.y", Double.NaN),
                number("window.width", 1100), number("window.height", 720),
                Screen.getScreens().stream().map(Screen::getVisualBounds).toList(), Screen.getPrimary().getVisualBounds());
        stage.setX(placed.getMinX());
        stage.setY(placed.getMinY());
        stage.setWidth(placed.getWidth());
        stage.setHeight(placed.getHeight());
        stage.setMaximized(Boolean.parseBoolean(settings.getProperty("window.maximized", "false")));
    }

    /**
     * Saves the window's place (and the chat list's width) once it has stayed put for a moment after a move, a resize
     * or a drag of the list's edge, not only when the app stops: a session ended by logging out, a kill or a crash
     * never runs {@link #stop()}.
     */
    private void rememberBounds() {
        settled.setOnFinished(e -> saveBounds());
        placement().forEach(p -> p.addListener(moved));
    }

    private Stream<javafx.beans.Observable> placement() {
        return Stream.of(stage.xProperty(), stage.yProperty(), stage.widthProperty(), stage.heightProperty(),
                stage.maximizedProperty());
    }

    private void saveBounds() {
        if (stage == null || settings == null) {
            return;
        }
        settings.setProperty("window.maximized", Boolean.toString(stage.isMaximized()));
        if (mainView != null) {
            settings.setProperty("list.width", Double.toString(mainView.listWidthProperty().get()));
        }
        if (!stage.isMaximized() && !stage.isIconified()) {
            settings.setProperty("window.x", Double.toString(stage.getX()));
            settings.setProperty("window.y", Double.toString(stage.getY()));
            settings.setProperty("window.width", Double.toString(stage.getWidth()));
            settings.setProperty("window.height", Double.toString(stage.getHeight()));
        }
        store.saveSettings(settings);
    }

    private double number(String key, double fallback) {
        try {
            return Double.parseDouble(settings.getProperty(key, ""));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String resource(String name) {
        return ParleyApp.class.getResource(name).toExternalForm();
    }

    /**
     * Loads a view. Its controller and those of the views it includes are built here with their ViewModels; the
     * loader hands out the one of the class each FXML names.
     */
    private static Parent load(String fxml, Object... controllers) {
        FXMLLoader loader = new FXMLLoader(ParleyApp.class.getResource(fxml));
        loader.setControllerFactory(type -> Stream.of(controllers).filter(c -> c.getClass() == type).findFirst()
                .orElseThrow(() -> new IllegalStateException("no controller built for " + type.getName())));
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

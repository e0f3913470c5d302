package dev.parley.desktop.chat;

import dev.parley.desktop.common.Formats;
import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.SessionView;
import dev.parley.protocol.SettingsView;
import dev.parley.protocol.UserView;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.Executor;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * My profile: the display name shown instead of my username and my About line, as the server has them (loaded at
 * start, and followed when another of my devices changes them), and the "Profile" drawer that edits them with the
 * server's rules checked first, so what is wrong shows beside its field; and my privacy settings, read when the drawer
 * opens and saved as soon as one is changed; and my signed-in devices (WhatsApp's "Linked devices"), read when the
 * drawer opens, each of which can be signed out, or all of them at once. FX thread only.
 */
public final class ProfileViewModel {

    public static final int MAX_DISPLAY_NAME = 64;
    public static final int MAX_ABOUT = 140;

    private final String me;
    private final ChatApi api;
    private final Executor fx;
    private final ReadOnlyStringWrapper displayName = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper about = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper shownName = new ReadOnlyStringWrapper();
    private final StringProperty nameInput = new SimpleStringProperty("");
    private final StringProperty aboutInput = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper aboutError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper open = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper();
    /** Privacy: "contacts" or "nobody"; whether read receipts are exchanged. Saved as soon as the user changes one. */
    private final StringProperty lastSeen = new SimpleStringProperty(SettingsView.CONTACTS);
    private final BooleanProperty readReceipts = new SimpleBooleanProperty(true);
    private final ReadOnlyBooleanWrapper settingsReady = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper settingsStatus = new ReadOnlyStringWrapper("");
    private boolean showingSettings;
    private boolean savingSettings;
    private boolean settingsChangedMeanwhile;
    private final Formats formats;
    private final ObservableList<Device> devices = FXCollections.observableArrayList();
    private final ObservableList<Device> readOnlyDevices = FXCollections.unmodifiableObservableList(devices);
    private final ReadOnlyStringWrapper devicesStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper devicesBusy = new ReadOnlyBooleanWrapper();
    private int devicesLoad; // only the latest read is shown
    private Runnable onSignedOutEverywhere = () -> { };
    private final IntegerBinding nameLeft;
    private final IntegerBinding aboutLeft;

    public ProfileViewModel(String me, ChatApi api, Executor fx) {
        this(me, api, fx, new Formats(Clock.systemDefaultZone()));
    }

    public ProfileViewModel(String me, ChatApi api, Executor fx, Formats formats) {
        this.me = me;
        this.api = api;
        this.fx = fx;
        this.formats = formats;
        shownName.bind(Bindings.createStringBinding(() -> displayName.get() == null ? me : displayName.get(),
                displayName));
        nameLeft = Bindings.createIntegerBinding(() -> MAX_DISPLAY_NAME - length(nameInput.get()), nameInput);
        aboutLeft = Bindings.createIntegerBinding(() -> MAX_ABOUT - length(aboutInput.get()), aboutInput);
        nameInput.addListener((obs, old, text) -> nameError.set(nameProblem(text)));
        aboutInput.addListener((obs, old, text) -> aboutError.set(aboutProblem(text)));
        lastSeen.addListener((obs, old, value) -> settingChanged());
        readReceipts.addListener((obs, old, value) -> settingChanged());
    }

    /**
     * A choice is saved at once. The boxes stay usable meanwhile (a focused box that turned disabled handed the focus
     * to a control further down, and the drawer scrolled to it): a choice made while one is being saved is saved
     * when that answer comes, and only the newest answer is shown.
     */
    private void settingChanged() {
        if (showingSettings || !settingsReady.get()) {
            return; // the server's values being shown, not the user's choice
        }
        if (savingSettings) {
            settingsChangedMeanwhile = true;
            return;
        }
        saveSettings();
    }

    private void saveSettings() {
        savingSettings = true;
        settingsChangedMeanwhile = false;
        settingsStatus.set("Saving…");
        api.updateSettings(new SettingsView(lastSeen.get(), readReceipts.get()))
                .whenComplete((saved, failure) -> fx.execute(() -> {
                    savingSettings = false;
                    if (settingsChangedMeanwhile) {
                        saveSettings(); // the newer choice, whose answer is the one to show
                        return;
                    }
                    settingsStatus.set(failure == null ? "Saved" : sentence(ApiException.of(failure).getMessage()));
                    if (saved != null) {
                        showSettings(saved);
                    } else {
                        // Refused: show what holds, the boxes usable meanwhile.
                        api.settings().whenComplete((settings, again) -> fx.execute(() -> {
                            if (again == null && !savingSettings) {
                                showSettings(settings);
                            }
                        }));
                    }
                }));
    }

    private void loadSettings() {
        settingsReady.set(false);
        api.settings().whenComplete((settings, failure) -> fx.execute(() -> {
            if (failure == null) {
                showSettings(settings);
            } else {
                settingsStatus.set(sentence(ApiException.of(failure).getMessage()));
            }
        }));
    }

    private void showSettings(SettingsView settings) {
        showingSettings = true;
        lastSeen.set(settings.lastSeen());
        readReceipts.set(settings.readReceipts());
        showingSettings = false;
        settingsReady.set(true);
    }

    /** Reads my profile from the server. */
    public void load() {
        api.me().whenComplete((user, failure) -> fx.execute(() -> {
            if (failure == null) {
                show(user);
            }
        }));
    }

    /** The server told that {@code user} changed their profile: mine, when it is me (another device saved it). */
    void changed(String user, String newDisplayName, String newAbout) {
        if (user.equals(me)) {
            displayName.set(newDisplayName);
            about.set(newAbout);
        }
    }

    /** Opens the drawer with my profile as it is. */
    public void open() {
        nameInput.set(displayName.get() == null ? "" : displayName.get());
        aboutInput.set(about.get() == null ? "" : about.get());
        nameError.set("");
        aboutError.set("");
        status.set("");
        settingsStatus.set("");
        devicesStatus.set("");
        open.set(true);
        loadSettings();
        loadDevices();
    }

    /** Reads my signed-in devices again: this device first, then the most recently used. */
    public void loadDevices() {
        int load = ++devicesLoad;
        api.sessions().whenComplete((sessions, failure) -> fx.execute(() -> {
            if (load != devicesLoad) {
                return;
            }
            if (failure != null) {
                devicesStatus.set(problem(failure));
                return;
            }
            devices.setAll(sessions.stream().sorted(Comparator.comparing(SessionView::current).reversed())
                    .map(this::device).toList());
            if (sessions.size() == 1 && devicesStatus.get().isEmpty()) {
                devicesStatus.set("This is the only device signed in.");
            }
        }));
    }

    private Device device(SessionView session) {
        String when = session.current() ? "Active now" : formats.lastActive(session.lastUsedAt());
        String detail = session.address() == null ? when : session.address() + " · " + when;
        return new Device(session.id(), DeviceNames.name(session.userAgent()), detail, session.current());
    }

    /** Signs {@code device} out (one already gone counts as done): it leaves the list, which is read again. */
    public void signOut(Device device) {
        if (device.current() || devicesBusy.get()) {
            return; // this device signs out from the menu, or with all of them
        }
        devicesBusy.set(true);
        api.endSession(device.id()).whenComplete((ok, failure) -> fx.execute(() -> {
            devicesBusy.set(false);
            if (failure != null && ApiException.of(failure).status() != 404) {
                devicesStatus.set(problem(failure));
                return;
            }
            devices.remove(device);
            devicesStatus.set(device.name() + " is signed out.");
            loadDevices();
        }));
    }

    /** Signs every device of mine out, this one too: then the app goes back to the sign-in screen. */
    public void signOutEverywhere() {
        if (devicesBusy.get()) {
            return;
        }
        devicesBusy.set(true);
        api.endAllSessions().whenComplete((ok, failure) -> fx.execute(() -> {
            devicesBusy.set(false);
            if (failure != null) {
                devicesStatus.set(problem(failure));
                return;
            }
            open.set(false);
            onSignedOutEverywhere.run();
        }));
    }

    /** What runs once every device is signed out (the app leaves for the sign-in screen). */
    public void setOnSignedOutEverywhere(Runnable onSignedOutEverywhere) {
        this.onSignedOutEverywhere = onSignedOutEverywhere;
    }

    private static String problem(Throwable failure) {
        String text = sentence(ApiException.of(failure).getMessage());
        return text.isEmpty() ? "Something went wrong. Try again." : text;
    }

    public void close() {
        open.set(false);
    }

    /** Saves what the fields hold (an empty one clears it), unless a field is invalid (its error says why). */
    public void save() {
        String name = strip(nameInput.get());
        String line = strip(aboutInput.get());
        nameError.set(nameProblem(name));
        aboutError.set(aboutProblem(line));
        if (!nameError.get().isEmpty() || !aboutError.get().isEmpty() || saving.get()) {
            return;
        }
        saving.set(true);
        status.set("Saving…");
        api.updateProfile(name.isEmpty() ? null : name, line.isEmpty() ? null : line)
                .whenComplete((user, failure) -> fx.execute(() -> {
                    saving.set(false);
                    if (failure == null) {
                        show(user);
                        nameInput.set(user.displayName() == null ? "" : user.displayName());
                        aboutInput.set(user.about() == null ? "" : user.about());
                        status.set("Saved");
                        return;
                    }
                    refused(ApiException.of(failure));
                }));
    }

    private void refused(ApiException error) {
        status.set("");
        String text = sentence(error.getMessage());
        if (error.getMessage() != null && error.getMessage().startsWith("display_name")) {
            nameError.set("Your name" + text.substring("Display_name".length()));
        } else if (error.getMessage() != null && error.getMessage().startsWith("about")) {
            aboutError.set(text);
        } else if ("rate_limited".equals(error.code())) {
            status.set("Too many changes. Try again later.");
        } else {
            status.set(text.isEmpty() ? "Could not save. Try again." : text);
        }
    }

    private void show(UserView user) {
        displayName.set(user.displayName());
        about.set(user.about());
    }

    private static String nameProblem(String text) {
        String name = strip(text);
        if (hasControl(name)) {
            return "Your name can't contain line breaks or control characters.";
        }
        return length(name) > MAX_DISPLAY_NAME ? "Your name is too long: at most " + MAX_DISPLAY_NAME + " characters."
                : "";
    }

    private static String aboutProblem(String text) {
        String line = strip(text);
        if (hasControl(line)) {
            return "About can't contain line breaks or control characters.";
        }
        return length(line) > MAX_ABOUT ? "About is too long: at most " + MAX_ABOUT + " characters." : "";
    }

    private static boolean hasControl(String text) {
        return text.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL || c == 0x2028 || c == 0x2029);
    }

    private static String strip(String text) {
        return text == null ? "" : text.strip();
    }

    /** Characters as the server counts them (code points: an emoji is one). */
    private static int length(String text) {
        String stripped = strip(text);
        return stripped.codePointCount(0, stripped.length());
    }

    private static String sentence(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String capital = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return capital.endsWith(".") ? capital : capital + ".";
    }

    /** My display name; null when I have none. */
    public ReadOnlyStringProperty displayNameProperty() {
        return displayName.getReadOnlyProperty();
    }

    /** My About; null when I have none. */
    public ReadOnlyStringProperty aboutProperty() {
        return about.getReadOnlyProperty();
    }

    /** What to call me: my display name, else my username. */
    public ReadOnlyStringProperty shownNameProperty() {
        return shownName.getReadOnlyProperty();
    }

    public String me() {
        return me;
    }

    public StringProperty nameInputProperty() {
        return nameInput;
    }

    public StringProperty aboutInputProperty() {
        return aboutInput;
    }

    public ReadOnlyStringProperty nameErrorProperty() {
        return nameError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty aboutErrorProperty() {
        return aboutError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty openProperty() {
        return open.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    /** Who sees my last seen and online: "contacts" or "nobody" (set by the user: saved at once). */
    public StringProperty lastSeenProperty() {
        return lastSeen;
    }

    /** Whether I exchange read receipts in direct chats (set by the user: saved at once). */
    public BooleanProperty readReceiptsProperty() {
        return readReceipts;
    }

    /** True once the settings shown are the server's (the controls are usable). */
    public ReadOnlyBooleanProperty settingsReadyProperty() {
        return settingsReady.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty settingsStatusProperty() {
        return settingsStatus.getReadOnlyProperty();
    }

    /** My signed-in devices, this one first. */
    public ObservableList<Device> devices() {
        return readOnlyDevices;
    }

    /** What happened to the devices list: a device signed out, or why a call failed. */
    public ReadOnlyStringProperty devicesStatusProperty() {
        return devicesStatus.getReadOnlyProperty();
    }

    /** True while a sign-out is on its way (the buttons wait). */
    public ReadOnlyBooleanProperty devicesBusyProperty() {
        return devicesBusy.getReadOnlyProperty();
    }

    /** Characters left in the name field (negative: too many). */
    public IntegerBinding nameLeftProperty() {
        return nameLeft;
    }

    public IntegerBinding aboutLeftProperty() {
        return aboutLeft;
    }
}

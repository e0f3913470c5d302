package dev.parley.desktop.chat;

import dev.parley.desktop.common.Scheduler;
import java.time.Duration;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The WebSocket as the status line tells it: its state, the banner's title and words for it and the countdown to the
 * next attempt. The banner shows from a lost connection until the sync after it has caught up ("Not connected", then
 * "Connecting…", then "Updating…" while what was missed and what was written offline are still on their way); the
 * first connection of a start shows none unless it fails. Shared by the ViewModels that may only send on a caught-up
 * connection. FX thread only.
 */
public final class ConnectionStatus {

    private static final String OFFLINE = "Not connected";
    private static final String CONNECTING = "Connecting…";
    private static final String UPDATING = "Updating…";

    private final Scheduler scheduler;
    private final ReadOnlyObjectWrapper<ConnectionState> state =
            new ReadOnlyObjectWrapper<>(ConnectionState.CONNECTING);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(CONNECTING);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper banner = new ReadOnlyBooleanWrapper();
    private Scheduler.Cancellable countdown;

    public ConnectionStatus(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Open: the replay of what was missed comes next. */
    void opened() {
        cancelCountdown();
        state.set(ConnectionState.SYNCING);
        title.set(UPDATING);
        text.set("");
    }

    /** Caught up: sends go out at once from now on. */
    void synced() {
        state.set(ConnectionState.ONLINE);
        text.set("");
        banner.set(false);
    }

    /** Closed: says why and when the next attempt is, then "Connecting…" when it starts. */
    void dropped(String reason, Duration retryIn) {
        state.set(ConnectionState.OFFLINE);
        title.set(OFFLINE);
        banner.set(true);
        long seconds = Math.max(1, Math.round(retryIn.toMillis() / 1000.0));
        text.set(reason + ". Reconnecting in " + seconds + " s…");
        cancelCountdown();
        countdown = scheduler.schedule(retryIn, () -> {
            if (state.get() == ConnectionState.OFFLINE) {
                state.set(ConnectionState.CONNECTING);
                title.set(CONNECTING);
                text.set("");
            }
        });
    }

    boolean online() {
        return state.get() == ConnectionState.ONLINE;
    }

    private void cancelCountdown() {
        if (countdown != null) {
            countdown.cancel();
            countdown = null;
        }
    }

    public ReadOnlyObjectProperty<ConnectionState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The banner's first line: "Not connected", "Connecting…" or "Updating…". */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The banner's second line: why it is offline and when it tries again; empty while connecting or updating. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /** Whether the banner shows: from a lost connection until the sync after it has caught up. */
    public ReadOnlyBooleanProperty bannerProperty() {
        return banner.getReadOnlyProperty();
    }
}

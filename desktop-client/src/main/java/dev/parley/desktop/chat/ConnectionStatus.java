package dev.parley.desktop.chat;

import dev.parley.desktop.common.Scheduler;
import java.time.Duration;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The WebSocket as the status line tells it: its state, the words for it and the countdown to the next attempt.
 * Shared by the ViewModels that may only send on a caught-up connection. FX thread only.
 */
public final class ConnectionStatus {

    private final Scheduler scheduler;
    private final ReadOnlyObjectWrapper<ConnectionState> state =
            new ReadOnlyObjectWrapper<>(ConnectionState.CONNECTING);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("Connecting…");
    private Scheduler.Cancellable countdown;

    public ConnectionStatus(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Open: the replay of what was missed comes next. */
    void opened() {
        cancelCountdown();
        state.set(ConnectionState.SYNCING);
        text.set("Connecting…");
    }

    /** Caught up: sends go out at once from now on. */
    void synced() {
        state.set(ConnectionState.ONLINE);
        text.set("");
    }

    /** Closed: says why and when the next attempt is, then "Connecting…" when it starts. */
    void dropped(String reason, Duration retryIn) {
        state.set(ConnectionState.OFFLINE);
        long seconds = Math.max(1, Math.round(retryIn.toMillis() / 1000.0));
        text.set(reason + ". Reconnecting in " + seconds + " s…");
        cancelCountdown();
        countdown = scheduler.schedule(retryIn, () -> {
            if (state.get() == ConnectionState.OFFLINE) {
                state.set(ConnectionState.CONNECTING);
                text.set("Connecting…");
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

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}

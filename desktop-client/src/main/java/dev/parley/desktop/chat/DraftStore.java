package dev.parley.desktop.chat;

import java.util.Map;
import java.util.UUID;

/**
 * Where the composer's unsent text waits between runs of the app: room uuid → text, for one user on one server.
 * Called on the FX thread; implementations keep it small (a local file).
 */
public interface DraftStore {

    /** Keeps nothing: drafts then live only while the window does. */
    DraftStore NONE = new DraftStore() {
        @Override
        public Map<UUID, String> load() {
            return Map.of();
        }

        @Override
        public void save(Map<UUID, String> drafts) {
        }
    };

    Map<UUID, String> load();

    /** Replaces what is kept with {@code drafts} (empty: nothing is kept). */
    void save(Map<UUID, String> drafts);
}

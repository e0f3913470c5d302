package dev.parley.desktop.chat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The results one search shows, newest first, each message once: pages add to them; a message deleted meanwhile
 * leaves them and no answer that was on its way brings it back; a refresh changes only the rows that differ, so the
 * others stay the same objects in the same places. FX thread only.
 */
final class SearchResults {

    private final ObservableList<SearchResult> list = FXCollections.observableArrayList();
    private final ObservableList<SearchResult> view = FXCollections.unmodifiableObservableList(list);
    private final Set<UUID> shown = new HashSet<>();
    /** Messages deleted since the search began. */
    private final Set<UUID> deleted = new HashSet<>();

    /** Adds the results of a page that are neither shown already nor deleted; returns how many. */
    int add(List<SearchResult> page) {
        int added = 0;
        for (SearchResult result : page) {
            if (!deleted.contains(result.messageUuid()) && shown.add(result.messageUuid())) {
                list.add(result);
                added++;
            }
        }
        return added;
    }

    /** The message was deleted: its result goes (true when it showed), and never comes back. */
    boolean delete(UUID message) {
        deleted.add(message);
        return shown.remove(message) && list.removeIf(result -> result.messageUuid().equals(message));
    }

    boolean contains(UUID message) {
        return shown.contains(message);
    }

    /**
     * Makes the results {@code fresh} (the search asked again, newest first, deleted messages left out): a result not
     * in it goes, one that changed is replaced in its place, a new one is inserted where it belongs, the rest stay.
     */
    void replace(List<SearchResult> fresh) {
        Map<UUID, SearchResult> wanted = new LinkedHashMap<>();
        fresh.stream().filter(result -> !deleted.contains(result.messageUuid()))
                .forEach(result -> wanted.putIfAbsent(result.messageUuid(), result));
        list.removeIf(result -> !wanted.containsKey(result.messageUuid()));
        int i = 0;
        for (SearchResult result : wanted.values()) {
            int at = indexOf(result.messageUuid());
            if (at == i) {
                if (!list.get(i).equals(result)) {
                    list.set(i, result);
                }
            } else {
                if (at > i) {
                    list.remove(at); // moved up: cannot happen while results keep their order, but never twice
                }
                list.add(i, result);
            }
            i++;
        }
        shown.clear();
        shown.addAll(wanted.keySet());
    }

    private int indexOf(UUID message) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).messageUuid().equals(message)) {
                return i;
            }
        }
        return -1;
    }

    /** Another search: nothing shown, nothing known deleted. */
    void clear() {
        list.clear();
        shown.clear();
        deleted.clear();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    /** The results, read-only. */
    ObservableList<SearchResult> view() {
        return view;
    }
}

package dev.parley.desktop.chat;

import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.UserView;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Finding people by the start of their name, as "New chat" and the member picker do: the query is trimmed and
 * lower-cased, an empty one asks nobody (the server never pages through everyone), and an answer to a query typed
 * over meanwhile is dropped, so typing fast never shows stale results. FX thread only.
 */
final class PeopleSearch {

    static final String TYPE_A_NAME = "Type the start of a name to find people";

    private final ChatApi api;
    private final Executor fx;
    private long generation;

    PeopleSearch(ChatApi api, Executor fx) {
        this.api = api;
        this.fx = fx;
    }

    /**
     * Searches for {@code query}; {@code answer} gets, on the FX thread, the people the server found and no problem,
     * or no one and what to say instead (an empty query, the server's refusal). Superseded answers never arrive.
     */
    void search(String query, BiConsumer<List<UserView>, String> answer) {
        long mine = ++generation;
        String prefix = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (prefix.isEmpty()) {
            answer.accept(List.of(), TYPE_A_NAME);
            return;
        }
        api.users(prefix).whenComplete((users, failure) -> fx.execute(() -> {
            if (mine != generation) {
                return;
            }
            if (failure != null) {
                answer.accept(List.of(), ApiException.of(failure).getMessage());
            } else {
                answer.accept(users, null);
            }
        }));
    }
}

package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a membership or room event did: {@code actor} (a username) did {@code action} ({@code created},
 * {@code added}, {@code removed}, {@code left}, {@code renamed}, {@code role_changed}) to {@code users};
 * {@code name} is the group's (new) name for {@code created} and {@code renamed}, {@code role} the new role for
 * {@code role_changed}.
 */
public record EventView(
        String action,
        String actor,
        List<String> users,
        @JsonInclude(JsonInclude.Include.NON_NULL) String name,
        @JsonInclude(JsonInclude.Include.NON_NULL) String role) {

    public static final String CREATED = "created";
    public static final String ADDED = "added";
    public static final String REMOVED = "removed";
    public static final String LEFT = "left";
    public static final String RENAMED = "renamed";
    public static final String ROLE_CHANGED = "role_changed";

    public EventView {
        requireNonNull(action, "action");
        requireNonNull(actor, "actor");
        users = users == null ? List.of() : List.copyOf(users);
    }

    /** Whether the event changes who is in the room (and so who receives what follows). */
    public boolean changesMembers() {
        return !action.equals(RENAMED) && !action.equals(ROLE_CHANGED);
    }

    /** The line a client that knows only messages shows: "alice added bob and carol". */
    public String describe() {
        String names = list(users);
        return switch (action) {
            case CREATED -> actor + " created the group \"" + name + "\"";
            case ADDED -> actor + " added " + names;
            case REMOVED -> actor + " removed " + names;
            case LEFT -> actor + " left";
            case RENAMED -> actor + " renamed the group to \"" + name + "\"";
            case ROLE_CHANGED -> "admin".equals(role) ? actor + " made " + names + " an admin"
                    : "owner".equals(role) ? names + " is now the owner"
                    : actor + " made " + names + " a member";
            default -> actor + " " + action + " " + names;
        };
    }

    private static String list(List<String> names) {
        if (names.size() <= 1) {
            return names.isEmpty() ? "" : names.getFirst();
        }
        if (names.size() > 5) {
            return String.join(", ", names.subList(0, 4)) + " and " + (names.size() - 4) + " others";
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }
}

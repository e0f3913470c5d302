package dev.parley.desktop.chat;

import dev.parley.protocol.EventView;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The centred system line of a membership or room event as {@code me} reads it, WhatsApp's way: "You added bob",
 * "alice added you", "You left", "alice renamed the group to "Trip 2027"", "alice made bob an admin".
 */
public final class EventText {

    private EventText() {
    }

    /** The line for {@code event}; {@code fallback} (the server's own words) for an action this client does not know. */
    public static String describe(EventView event, String me, String fallback) {
        return describe(event, me, fallback, UnaryOperator.identity());
    }

    /** As {@link #describe(EventView, String, String)}, naming people by {@code shown} (their display names). */
    public static String describe(EventView event, String me, String fallback, UnaryOperator<String> shown) {
        String actor = event.actor().equals(me) ? "You" : shown.apply(event.actor());
        String names = names(event.users(), me, shown);
        return switch (event.action()) {
            case EventView.CREATED -> actor + " created the group \"" + event.name() + "\"";
            case EventView.ADDED -> actor + " added " + names;
            case EventView.REMOVED -> actor + " removed " + names;
            case EventView.LEFT -> actor + " left";
            case EventView.RENAMED -> actor + " renamed the group to \"" + event.name() + "\"";
            case EventView.ROLE_CHANGED -> switch (event.role() == null ? "" : event.role()) {
                case Member.ADMIN -> actor + " made " + names + " an admin";
                case Member.MEMBER -> actor + " dismissed " + names + " as admin";
                case Member.OWNER -> names.equals("you") ? "You are now the owner" : names + " is now the owner";
                default -> fallback;
            };
            default -> fallback;
        };
    }

    /** "bob", "bob and you", "bob, carol and dave"; past five, "bob, carol, dave, erin and 3 others". */
    static String names(List<String> users, String me) {
        return names(users, me, UnaryOperator.identity());
    }

    private static String names(List<String> users, String me, UnaryOperator<String> shown) {
        List<String> named = users.stream().map(u -> u.equals(me) ? "you" : shown.apply(u)).toList();
        if (named.size() <= 1) {
            return named.isEmpty() ? "" : named.getFirst();
        }
        if (named.size() > 5) {
            return String.join(", ", named.subList(0, 4)) + " and " + (named.size() - 4) + " others";
        }
        return String.join(", ", named.subList(0, named.size() - 1)) + " and " + named.getLast();
    }
}

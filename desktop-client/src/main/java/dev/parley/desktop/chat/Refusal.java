package dev.parley.desktop.chat;

import dev.parley.desktop.common.Formats;
import dev.parley.desktop.net.ApiException;

/** What a change the server refused says to the user, in the web client's words. */
final class Refusal {

    private Refusal() {
    }

    /**
     * The server's reason as a sentence; or, when its database connection failed after the change was sent
     * ({@code outcome_unknown}), that it may have been saved: the caller then reads the chat back, which shows whether.
     */
    static String text(Throwable failure) {
        ApiException error = ApiException.of(failure);
        return error.outcomeUnknown()
                ? "The server lost its database connection while saving this, so it may have been saved."
                        + " Check before you try again."
                : Formats.sentence(error.getMessage());
    }
}

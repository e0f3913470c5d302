package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

/**
 * Someone who left a group (or was removed), with the receipt watermarks they had when they went: they saw the
 * events {@code joinedSeq..leftSeq}, so a message sent in that range reached them when {@code seq <= deliveredSeq}
 * and was read by them when {@code seq <= readSeq}. Message info keeps listing them for those messages.
 */
public record FormerMemberView(String username, long deliveredSeq, long readSeq, long joinedSeq, long leftSeq) {
    public FormerMemberView {
        requireNonNull(username, "username");
    }
}

package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

/**
 * Someone who left a group (or was removed), with the receipt watermarks they had when they went: they saw the
 * events {@code joinedSeq..leftSeq}, so a message sent in that range reached them when {@code seq <= deliveredSeq}
 * and was read by them when {@code seq <= readSeq}. {@code displayName} and {@code about}: their profile (null where
 * not set). Message info keeps listing them for those messages.
 */
public record FormerMemberView(String username, String displayName, String about, long deliveredSeq, long readSeq,
                               long joinedSeq, long leftSeq) {
    public FormerMemberView {
        requireNonNull(username, "username");
    }

    /** Someone without a profile. */
    public FormerMemberView(String username, long deliveredSeq, long readSeq, long joinedSeq, long leftSeq) {
        this(username, null, null, deliveredSeq, readSeq, joinedSeq, leftSeq);
    }
}

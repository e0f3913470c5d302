package dev.parley.protocol;

/**
 * {@code GET /api/limits/}: the rules of this server that clients show before the server would refuse, in its
 * configuration: how long after sending a message its sender may edit it ({@code editWindowSeconds}) and delete it
 * for everyone ({@code deleteWindowSeconds}), the longest message text ({@code maxContentLength}, in characters) and
 * the most members a group may have ({@code maxGroupMembers}), the largest attachment in bytes
 * ({@code maxAttachmentBytes}) and the most attachments one message may carry ({@code maxAttachmentsPerMessage}).
 */
public record LimitsView(long editWindowSeconds, long deleteWindowSeconds, int maxContentLength, int maxGroupMembers,
                         long maxAttachmentBytes, int maxAttachmentsPerMessage) {

    /** The limits of a server before attachments (the defaults for those: 25 MiB, 10 per message). */
    public LimitsView(long editWindowSeconds, long deleteWindowSeconds, int maxContentLength, int maxGroupMembers) {
        this(editWindowSeconds, deleteWindowSeconds, maxContentLength, maxGroupMembers, 25L * 1024 * 1024, 10);
    }
}

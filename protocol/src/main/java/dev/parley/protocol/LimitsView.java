package dev.parley.protocol;

/**
 * {@code GET /api/limits/}: the rules of this server that clients show before the server would refuse, in its
 * configuration: how long after sending a message its sender may edit it ({@code editWindowSeconds}) and delete it
 * for everyone ({@code deleteWindowSeconds}), the longest message text ({@code maxContentLength}, in characters) and
 * the most members a group may have ({@code maxGroupMembers}), the largest attachment in bytes
 * ({@code maxAttachmentBytes}) and the most attachments one message may carry ({@code maxAttachmentsPerMessage}),
 * and a user's send limit: a burst of {@code sendBurst} messages and message actions, then {@code sendsPerSecond} a
 * second (a client paces a burst of its own to it, so that none is refused and all are stored in the order written).
 */
public record LimitsView(long editWindowSeconds, long deleteWindowSeconds, int maxContentLength, int maxGroupMembers,
                         long maxAttachmentBytes, int maxAttachmentsPerMessage, int sendBurst, int sendsPerSecond) {

    /** The server's default send limit: a burst of 20, then 10 a second. */
    public static final int DEFAULT_SEND_BURST = 20;
    public static final int DEFAULT_SENDS_PER_SECOND = 10;

    /** The limits of a server that does not say its send limit (the defaults for it). */
    public LimitsView(long editWindowSeconds, long deleteWindowSeconds, int maxContentLength, int maxGroupMembers,
                      long maxAttachmentBytes, int maxAttachmentsPerMessage) {
        this(editWindowSeconds, deleteWindowSeconds, maxContentLength, maxGroupMembers, maxAttachmentBytes,
                maxAttachmentsPerMessage, DEFAULT_SEND_BURST, DEFAULT_SENDS_PER_SECOND);
    }

    /** The limits of a server before attachments (the defaults for those: 25 MiB, 10 per message). */
    public LimitsView(long editWindowSeconds, long deleteWindowSeconds, int maxContentLength, int maxGroupMembers) {
        this(editWindowSeconds, deleteWindowSeconds, maxContentLength, maxGroupMembers, 25L * 1024 * 1024, 10);
    }
}

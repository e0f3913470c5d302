package dev.parley.protocol;

/**
 * {@code GET /api/limits/}: the rules of this server that clients show before the server would refuse, in its
 * configuration: how long after sending a message its sender may edit it ({@code editWindowSeconds}) and delete it
 * for everyone ({@code deleteWindowSeconds}), the longest message text ({@code maxContentLength}, in characters) and
 * the most members a group may have ({@code maxGroupMembers}).
 */
public record LimitsView(long editWindowSeconds, long deleteWindowSeconds, int maxContentLength, int maxGroupMembers) {
}

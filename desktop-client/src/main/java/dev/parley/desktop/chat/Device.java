package dev.parley.desktop.chat;

import java.util.UUID;

/**
 * One of my signed-in devices as the Profile drawer lists it: a name made from what it said it was ("Chrome on
 * Linux", never the User-Agent itself), where and when it was last used, and whether it is this device.
 */
public record Device(UUID id, String name, String detail, boolean current) {
}

package dev.parley.desktop.chat;

/** WhatsApp's ticks on a message of mine: clock, one grey, two grey, two blue; failed shows an alert instead. */
public enum Tick {
    /** Not mine: no tick. */
    NONE,
    /** Written, not yet acknowledged by the server (offline or in flight): a clock. */
    PENDING,
    /** Stored by the server: one tick. */
    SENT,
    /** Reached a device of the other member: two grey ticks. */
    DELIVERED,
    /** Read by the other member: two blue ticks. */
    READ,
    /** Refused by the server: never retried. */
    FAILED
}

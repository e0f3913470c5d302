package dev.parley.protocol;

/**
 * Body of {@code PATCH /api/me} as the desktop client sends it: both fields, null clearing one. The server takes any
 * subset of the two (a field left out is left as it is) and refuses any other field.
 */
public record ProfileRequest(String displayName, String about) {
}

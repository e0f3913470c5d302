package dev.parley.desktop.chat;

/** What the composer is doing: writing a new message, replying to one, or editing one of mine. */
public enum ComposerMode { WRITE, REPLY, EDIT }

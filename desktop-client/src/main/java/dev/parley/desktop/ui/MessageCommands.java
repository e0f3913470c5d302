package dev.parley.desktop.ui;

import dev.parley.desktop.chat.Download;
import dev.parley.protocol.AttachmentView;
import dev.parley.desktop.chat.MessageItem;

/**
 * What a message's menu, its shortcuts and its quote ask of the conversation view: the steps that move the focus or
 * ask first (reacting goes straight to the ViewModel). Called on the FX thread.
 */
interface MessageCommands {

    /** Reply: the composer quotes it and takes the focus. */
    void reply(MessageItem item);

    /** Edit: its text goes into the composer, which takes the focus. */
    void edit(MessageItem item);

    /** Delete for everyone, once the user confirms it. */
    void delete(MessageItem item);

    /** "Read more" on a long message: all of it shows in place, growing below what was read. */
    void readMore(MessageItem item);

    /** Message info (one of mine in a group). */
    void info(MessageItem item);

    /** A quote was clicked: show the message it quotes, loading older history as needed. */
    void jumpTo(long seq);

    /** A photo was clicked (or chosen from the menu): the viewer opens at it. */
    void openPhoto(AttachmentView photo);

    /** Save as…: the user picks where, then the file streams there. */
    void saveAs(AttachmentView file);

    /** The save under way (or done) of {@code file} in this session, or null. */
    Download download(AttachmentView file);
}

package dev.parley.server.message;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * One group commit of the {@link MessageWriter}, for JFR recordings ({@code ./parley bench chat --jfr}): the event's
 * duration is the transaction, from taking a connection to the commit; fan-out follows it.
 */
@Name("parley.BatchCommit")
@Label("Message batch commit")
@Category("Parley")
final class BatchCommitEvent extends Event {

    @Label("Messages")
    int messages;

    @Label("Rooms")
    int rooms;

    @Label("Oldest queued")
    @Description("How long the oldest send of the batch waited in the queue before its transaction began")
    @Timespan(Timespan.NANOSECONDS)
    long oldestQueued;

    @Label("Fan-out")
    @Description("Acks and deliveries of the committed batch, after the commit")
    @Timespan(Timespan.NANOSECONDS)
    long fanOut;
}

package dev.parley.desktop.chat;

import dev.parley.desktop.common.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A Scheduler whose time moves only when the test says so. */
final class ManualScheduler implements Scheduler {

    private record Task(long due, Runnable run, boolean[] cancelled) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now;

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delay.toMillis(), task, cancelled));
        return () -> cancelled[0] = true;
    }

    void advance(Duration by) {
        now += by.toMillis();
        List<Task> due = tasks.stream().filter(t -> t.due() <= now).toList();
        tasks.removeAll(due);
        due.stream().filter(t -> !t.cancelled()[0]).forEach(t -> t.run().run());
    }
}

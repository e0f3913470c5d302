package dev.parley.bench;

import dev.parley.protocol.RoomView;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * Fresh users for one run (unique names, so a given server can be benched again) and their 1:1 rooms:
 * user 2i and 2i+1 share room i. Registration hashes passwords with Argon2id, so it is done in parallel but bounded.
 */
final class Population {

    /** A 1:1 room and its two members. */
    record Pair(UUID room, Api.User a, Api.User b) {
    }

    private final List<Api.User> users;
    private final List<Pair> pairs;

    private Population(List<Api.User> users, List<Pair> pairs) {
        this.users = users;
        this.pairs = pairs;
    }

    List<Api.User> users() {
        return users;
    }

    List<Pair> pairs() {
        return pairs;
    }

    /** Registers {@code count} users (rounded up to even) and creates a room for each consecutive pair. */
    static Population create(Api api, int count, int parallelism) {
        int even = count + (count % 2);
        String run = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
        List<Api.User> users = inParallel(even, parallelism,
                i -> api.register("b" + run + "_" + i, "bench-password-" + run));
        List<RoomView> rooms = inParallel(even / 2, parallelism,
                i -> api.createRoom(users.get(2 * i), users.get(2 * i + 1).name()));
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < rooms.size(); i++) {
            pairs.add(new Pair(rooms.get(i).roomUuid(), users.get(2 * i), users.get(2 * i + 1)));
        }
        return new Population(List.copyOf(users), List.copyOf(pairs));
    }

    /** Runs {@code task} for 0..count-1 on virtual threads, at most {@code parallelism} at a time; results in order. */
    static <T> List<T> inParallel(int count, int parallelism, IntFunction<T> task) {
        Semaphore permits = new Semaphore(parallelism);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return task.apply(index);
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

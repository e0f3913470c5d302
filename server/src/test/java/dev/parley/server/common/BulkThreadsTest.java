package dev.parley.server.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BulkThreadsTest {

    /** The running thread's niceness: field 19 of /proc/thread-self/stat (after the command name in parentheses). */
    private static int ownNiceness() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    @Test
    void workRunsOnAThreadTheKernelSchedulesAfterTheNodesOthers() throws IOException {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only: elsewhere the priority is kept");
        int callers = ownNiceness();
        try (BulkThreads threads = new BulkThreads(4, 10)) {
            int inside = threads.run(BulkThreadsTest::ownNiceness);
            String name = threads.run(() -> Thread.currentThread().getName());

            assertThat(inside).isEqualTo(Math.min(19, callers + 10));
            assertThat(name).startsWith("parley-bulk-");
        }
        assertThat(ownNiceness()).as("the caller keeps its priority").isEqualTo(callers);
    }

    @Test
    void whatTheWorkThrowsReachesTheCallerAsItWasThrown() {
        try (BulkThreads threads = new BulkThreads(2, 10)) {
            assertThatThrownBy(() -> threads.run(() -> {
                throw new IOException("disk full");
            })).isExactlyInstanceOf(IOException.class).hasMessage("disk full");
            assertThatThrownBy(() -> threads.run(() -> {
                throw ApiException.notFound("gone");
            })).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void beyondItsThreadsWorkRunsOnTheCallersThreadInsteadOfWaiting() throws Exception {
        try (BulkThreads threads = new BulkThreads(1, 10)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = Thread.ofVirtual().start(() -> {
                try {
                    threads.run(() -> {
                        started.countDown();
                        try {
                            return release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                    });
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            Thread caller = Thread.currentThread();
            Thread ranOn = threads.run(Thread::currentThread);

            assertThat(ranOn).isSameAs(caller);
            release.countDown();
            holder.join(10_000);
        }
    }
}

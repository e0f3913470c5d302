package dev.parley.server.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Platform threads that the operating system runs after everything else of the node: for bulk work nobody waits on
 * message by message, such as copying file bodies between a socket and the blob store. Chat runs on virtual threads
 * whose carriers keep the normal priority, so when a transfer and a message want the same core, the kernel gives it
 * to the message: an upload slows down by what chat needs instead of chat waiting behind the upload. Nothing is
 * held while a transfer waits on its network, so a slow client costs a parked thread, never anyone else's turn.
 *
 * <p>On Linux each thread lowers its own priority with {@code setpriority(PRIO_PROCESS, gettid(), nice)} through the
 * FFM API (per thread on Linux, needing no privilege); elsewhere, or without native access, the threads keep the
 * normal priority and the work is only moved, not deprioritised. At most {@code max} transfers run on these threads
 * at once; beyond that a transfer runs on its caller's thread, as it would without this class.
 */
public final class BulkThreads implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BulkThreads.class.getName());
    private static final int PRIO_PROCESS = 0;

    /** Work that may throw {@link IOException}. */
    @FunctionalInterface
    public interface IoWork<T> {
        T run() throws IOException;
    }

    private final ThreadPoolExecutor threads;

    /** Up to {@code max} threads of niceness {@code nice} (0 keeps the normal priority; 19 is the lowest). */
    public BulkThreads(int max, int nice) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        this.threads = new ThreadPoolExecutor(0, max, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                lowered("parley-bulk-", nice), new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /**
     * Daemon platform threads named {@code prefix} and a number, each lowering its own OS priority by {@code nice}
     * (0..19) before it runs anything, as these do: for other bulk work with an executor of its own.
     */
    public static java.util.concurrent.ThreadFactory lowered(String prefix, int nice) {
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("nice must be within 0..19");
        }
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(() -> {
                lowerOwnPriority(nice);
                work.run();
            }, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Runs {@code work} on one of these threads and waits for it; its result, or what it threw, as if it had run
     * here. An interrupt of the caller interrupts the work.
     */
    public <T> T run(IoWork<T> work) throws IOException {
        Future<T> future = threads.submit(() -> {
            try {
                return work.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Transfers running on these threads now. */
    public int active() {
        return threads.getActiveCount();
    }

    private static void lowerOwnPriority(int nice) {
        if (nice == 0) {
            return;
        }
        Optional<Native> calls = Native.CALLS;
        if (calls.isEmpty()) {
            return;
        }
        try {
            int tid = (int) calls.get().gettid().invokeExact();
            int result = (int) calls.get().setpriority().invokeExact(PRIO_PROCESS, tid, nice);
            if (result != 0) {
                LOG.log(Level.DEBUG, "setpriority failed for thread " + tid);
            }
        } catch (Throwable e) { // NOPMD: a priority not lowered leaves the work as it was, never fails it
            LOG.log(Level.DEBUG, "could not lower a bulk thread's priority: " + e);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    /**
     * The two libc calls, where they exist (Linux with glibc 2.30 or later) and native access is allowed. The FFM
     * API is reached by reflection: the server is compiled for Java 21, where it is a preview; on 22 and later it is
     * final, and on 21 the threads keep the normal priority.
     */
    private record Native(MethodHandle gettid, MethodHandle setpriority) {

        static final Optional<Native> CALLS = find();

        private static Optional<Native> find() {
            if (Runtime.version().feature() < 22
                    || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                return Optional.empty();
            }
            try {
                Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
                Class<?> lookupClass = Class.forName("java.lang.foreign.SymbolLookup");
                Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
                Class<?> layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
                Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
                Class<?> optionClass = Class.forName("java.lang.foreign.Linker$Option");
                Object linker = linkerClass.getMethod("nativeLinker").invoke(null);
                Object libc = linkerClass.getMethod("defaultLookup").invoke(linker);
                Object javaInt = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_INT").get(null);
                Object noArguments = java.lang.reflect.Array.newInstance(layoutClass, 0);
                Object threeInts = java.lang.reflect.Array.newInstance(layoutClass, 3);
                for (int i = 0; i < 3; i++) {
                    java.lang.reflect.Array.set(threeInts, i, javaInt);
                }
                java.lang.reflect.Method of = descriptorClass.getMethod("of", layoutClass, layoutClass.arrayType());
                java.lang.reflect.Method find = lookupClass.getMethod("find", String.class);
                java.lang.reflect.Method downcall = linkerClass.getMethod("downcallHandle", segmentClass,
                        descriptorClass, optionClass.arrayType());
                Object noOptions = java.lang.reflect.Array.newInstance(optionClass, 0);
                Optional<?> gettid = (Optional<?>) find.invoke(libc, "gettid");
                Optional<?> setpriority = (Optional<?>) find.invoke(libc, "setpriority");
                if (gettid.isEmpty() || setpriority.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Native(
                        (MethodHandle) downcall.invoke(linker, gettid.get(), of.invoke(null, javaInt, noArguments),
                                noOptions),
                        (MethodHandle) downcall.invoke(linker, setpriority.get(), of.invoke(null, javaInt, threeInts),
                                noOptions)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                // IllegalCallerException (wrapped) without --enable-native-access, among others
                LOG.log(Level.INFO, "bulk transfers keep the normal thread priority: " + e);
                return Optional.empty();
            }
        }
    }
}

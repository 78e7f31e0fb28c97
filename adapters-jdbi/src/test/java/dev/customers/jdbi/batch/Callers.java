package dev.customers.jdbi.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Threads that call a {@link Batcher}, each on a thread of its own, and a wait until a number of them wait for their
 * answer: a save queued, or taken by the writer and not yet answered.
 */
public final class Callers implements AutoCloseable {

  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "caller");
    thread.setDaemon(true);
    threads.add(thread);
    return thread;
  });

  public <T> Future<T> submit(Callable<T> call) {
    return pool.submit(call);
  }

  public Future<?> submit(Runnable call) {
    return pool.submit(call);
  }

  /** Waits until {@code count} callers wait in {@link Batcher#run} for their answer. */
  public void awaitWaiting(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (waiting() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(waiting()).as("callers waiting for their answer").isEqualTo(count);
  }

  private long waiting() {
    return threads.stream()
        .filter(thread -> thread.getState() == Thread.State.WAITING && Arrays.stream(thread.getStackTrace())
            .anyMatch(frame -> frame.getMethodName().equals("awaitAnswer")))
        .count();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}

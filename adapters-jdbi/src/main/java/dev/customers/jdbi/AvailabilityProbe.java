package dev.customers.jdbi;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the database answers a trivial query within a bound; never throws. Concurrent callers share one probe
 * on one daemon thread, so a slow database is not queued up with probes.
 */
final class AvailabilityProbe implements AutoCloseable {

  private final Callable<Boolean> answers;
  private final long waitMillis;
  private final ExecutorService probes = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "customers-database-probe");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicReference<Future<Boolean>> probe = new AtomicReference<>();

  AvailabilityProbe(Callable<Boolean> answers, long waitMillis) {
    this.answers = answers;
    this.waitMillis = waitMillis;
  }

  boolean isAvailable() {
    try {
      return currentProbe().get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    }
  }

  private Future<Boolean> currentProbe() {
    Future<Boolean> running = probe.get();
    if (running != null && !running.isDone()) {
      return running;
    }
    FutureTask<Boolean> next = new FutureTask<>(answers);
    if (!probe.compareAndSet(running, next)) {
      return probe.get();
    }
    probes.execute(next);
    return next;
  }

  @Override
  public void close() {
    probes.shutdownNow();
  }
}

package dev.customers.jdbi;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
  private Future<Boolean> probe;

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

  private synchronized Future<Boolean> currentProbe() {
    if (probe == null || probe.isDone()) {
      probe = probes.submit(answers);
    }
    return probe;
  }

  @Override
  public void close() {
    probes.shutdownNow();
  }
}

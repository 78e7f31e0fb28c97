package dev.customers.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * How the server process ends. On SIGTERM (what orchestrators send) or SIGINT (Ctrl-C) it stops gracefully, on a
 * thread of its own, and exits 0. A second signal, or the stop running past its bound, ends the process at once
 * (exit 1); nothing acknowledged is lost then either, as a 201 is sent only after its commit, and what was not
 * acknowledged was not promised.
 *
 * <p>The signals are taken from the JVM (sun.misc.Signal), which would otherwise start its shutdown at the first
 * and ignore the second. Run with -Xrs the JVM gives them up to the operating system: SIGTERM then ends the process
 * at once (exit 143), as SIGKILL would, and this is logged at start. Other ways the JVM exits (SIGHUP,
 * {@code System.exit}) run the same stop from a shutdown hook, within the same bound.
 */
final class ProcessStop {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessStop.class);
  static final int STOPPED = 0;
  static final int CUT_SHORT = 1;

  private final Runnable stop;
  private final Duration bound;
  private final AtomicBoolean begun = new AtomicBoolean();
  private final CountDownLatch ended = new CountDownLatch(1);

  private ProcessStop(Runnable stop, Duration bound) {
    this.stop = stop;
    this.bound = bound;
  }

  /** From now on SIGTERM and SIGINT run {@code stop}, bounded by {@code bound}, and then end the process. */
  static void install(Runnable stop, Duration bound) {
    ProcessStop process = new ProcessStop(stop, bound);
    Runtime.getRuntime().addShutdownHook(new Thread(process::onExit, "customers-stop-hook"));
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal.handle(new Signal(name), signal -> process.onSignal("SIG" + signal.getName()));
      } catch (IllegalArgumentException keptByTheJvm) {
        LOG.warn("SIG{} cannot be handled ({}): it will end the process without a graceful stop", name,
            keptByTheJvm.getMessage());
      }
    }
  }

  private void onSignal(String signal) {
    if (!begun.compareAndSet(false, true)) {
      LOG.warn("{} again: stopping at once", signal);
      Runtime.getRuntime().halt(CUT_SHORT);
    }
    LOG.info("{}: stopping (a second one stops at once)", signal);
    new Thread(() -> System.exit(run()), "customers-stop").start();
  }

  /**
   * The JVM exits for another reason (SIGHUP, or a signal it kept): the same stop. When the stop is under way
   * already, this waits for it, as the JVM ends once its hooks have.
   */
  private void onExit() {
    if (begun.compareAndSet(false, true)) {
      run();
      return;
    }
    try {
      ended.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int run() {
    Thread bound = enforceBound();
    try {
      stop.run();
      LOG.info("Stopped");
      return STOPPED;
    } catch (RuntimeException e) {
      LOG.error("The stop failed: {}", e.toString());
      return CUT_SHORT;
    } finally {
      // The bound is the stop's: what the JVM does on its way out (such as writing a class-data archive for
      // -XX:ArchiveClassesAtExit) is not cut short.
      bound.interrupt();
      ended.countDown();
    }
  }

  private Thread enforceBound() {
    Thread watch = new Thread(() -> {
      try {
        Thread.sleep(bound.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      LOG.warn("Not stopped within {} ({}): stopping at once", bound, ServerSettings.SHUTDOWN_TIMEOUT);
      Runtime.getRuntime().halt(CUT_SHORT);
    }, "customers-stop-bound");
    watch.setDaemon(true);
    watch.start();
    return watch;
  }
}

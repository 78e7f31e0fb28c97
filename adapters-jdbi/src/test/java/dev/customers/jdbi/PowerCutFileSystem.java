package dev.customers.jdbi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code jdbc:h2:powercut:file:...}) that keeps, for every file it opens, what each write since
 * the last fsync overwrote, so that {@link #cut} can put the files back as a power cut leaves them: everything that
 * was forced to the disk, and of what was not, only the writes of a random first part, in the order they were
 * made (none at all for some cuts). After a cut every write and force fails, as on a machine without power.
 */
public final class PowerCutFileSystem extends FilePathWrapper {

  private static final List<PowerCutChannel> OPEN = new ArrayList<>();
  private static volatile boolean off;
  /** The cut comes once a file has this many unforced writes; 0 when not armed. */
  private static volatile int armedAt;
  private static Random armedRandom;
  private static int[] lastCut;

  /** For H2, which makes one instance per path by reflection. */
  public PowerCutFileSystem() {}

  static void register() {
    FilePath.register(new PowerCutFileSystem());
  }

  /**
   * The power goes at the {@code unforcedWrites}th write not yet forced (of one file), in the middle of whatever
   * H2 was storing; {@link #awaitCut} waits for it.
   */
  static synchronized void armAt(int unforcedWrites, Random random) {
    armedRandom = random;
    lastCut = null;
    armedAt = unforcedWrites;
  }

  /** Waits up to {@code millis} for an armed cut; answers {pending, kept} as {@link #cut} does, or null. */
  static int[] awaitCut(long millis) throws InterruptedException {
    long until = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < until) {
      synchronized (PowerCutFileSystem.class) {
        if (lastCut != null) {
          return lastCut;
        }
      }
      Thread.sleep(5);
    }
    return null;
  }

  /** Answers how many writes were not yet forced and how many of those the cut kept. */
  static synchronized int[] cut(Random random) throws IOException {
    off = true;
    armedAt = 0;
    int pending = 0;
    int kept = 0;
    for (PowerCutChannel channel : OPEN) {
      int[] counts = channel.dropUnforced(random);
      pending += counts[0];
      kept += counts[1];
    }
    OPEN.clear();
    lastCut = new int[] {pending, kept};
    return lastCut;
  }

  /** Power back: a new database may be opened on this file system. */
  static synchronized void restore() {
    off = false;
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    PowerCutChannel channel = new PowerCutChannel(getBase().open(mode));
    synchronized (PowerCutFileSystem.class) {
      OPEN.add(channel);
    }
    return channel;
  }

  @Override
  public String getScheme() {
    return "powercut";
  }

  /** A write not yet forced: where, and what it overwrote (the file's length before it, and its bytes there). */
  private record Undo(long position, byte[] before, long lengthBefore) {}

  private static final class PowerCutChannel extends FileBase {
    private final FileChannel file;
    private final List<Undo> unforced = new ArrayList<>();
    private long position;

    PowerCutChannel(FileChannel file) {
      this.file = file;
    }

    @Override
    public synchronized int read(ByteBuffer dst, long at) throws IOException {
      return file.read(dst, at);
    }

    @Override
    public synchronized int write(ByteBuffer src, long at) throws IOException {
      checkPower();
      long length = file.size();
      int count = src.remaining();
      ByteBuffer before = ByteBuffer.allocate((int) Math.max(0, Math.min(count, length - at)));
      while (before.hasRemaining() && file.read(before, at + before.position()) > 0) {
        // Reads what the write overwrites.
      }
      unforced.add(new Undo(at, before.array(), length));
      int written = file.write(src, at);
      if (armedAt > 0 && unforced.size() >= armedAt) {
        cut(armedRandom);
        throw new IOException("No power");
      }
      return written;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
      int read = read(dst, position);
      if (read > 0) {
        position += read;
      }
      return read;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
      int written = write(src, position);
      position += written;
      return written;
    }

    @Override
    public synchronized long position() {
      return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) {
      position = newPosition;
      return this;
    }

    @Override
    public synchronized long size() throws IOException {
      return file.size();
    }

    @Override
    public synchronized FileChannel truncate(long size) throws IOException {
      checkPower();
      long length = file.size();
      if (size < length) {
        ByteBuffer cut = ByteBuffer.allocate((int) (length - size));
        while (cut.hasRemaining() && file.read(cut, size + cut.position()) > 0) {
          // Reads what the truncation drops.
        }
        unforced.add(new Undo(size, cut.array(), length));
        file.truncate(size);
      }
      return this;
    }

    @Override
    public synchronized void force(boolean metaData) throws IOException {
      checkPower();
      file.force(metaData);
      unforced.clear();
    }

    @Override
    public FileLock tryLock(long at, long size, boolean shared) throws IOException {
      return file.tryLock(at, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      file.close();
    }

    /** Undoes, newest first, the unforced writes after a random first part; answers {pending, kept}. */
    synchronized int[] dropUnforced(Random random) throws IOException {
      int pending = unforced.size();
      int kept = pending == 0 || random.nextInt(4) == 0 ? 0 : random.nextInt(pending + 1);
      for (int i = pending - 1; i >= kept; i--) {
        Undo undo = unforced.get(i);
        file.write(ByteBuffer.wrap(undo.before()), undo.position());
        if (file.size() > undo.lengthBefore()) {
          file.truncate(undo.lengthBefore());
        }
      }
      unforced.clear();
      file.force(true);
      return new int[] {pending, kept};
    }

    private static void checkPower() throws IOException {
      if (off) {
        throw new IOException("No power");
      }
    }
  }
}

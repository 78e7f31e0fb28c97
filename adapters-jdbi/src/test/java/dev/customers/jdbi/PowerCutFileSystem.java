package dev.customers.jdbi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code jdbc:h2:powercut:file:...}) that keeps, for every file it opens, what each write since
 * the last fsync overwrote, so that {@link #cut} can put the files back as a power cut leaves them: everything that
 * was forced to the disk, and of what was not, only the writes of a random first part, in the order they were
 * made (none at all for some cuts). After a cut every write and force fails, as on a machine without power. Each
 * folder is a disk of its own, so that a database a cut left behind, still trying to write, touches no other.
 */
public final class PowerCutFileSystem extends FilePathWrapper {

  /** The files of one folder: they lose power together, and apart from every other folder's. */
  static final class Disk {
    private final List<PowerCutChannel> open = new ArrayList<>();
    private volatile boolean off;
    /** The cut comes once a file has this many unforced writes; 0 when not armed. */
    private volatile int armedAt;
    private Random random;
    private int[] lastCut;

    /**
     * The power goes at the {@code unforcedWrites}th write not yet forced (of one file), in the middle of whatever
     * H2 was storing; {@link #awaitCut} waits for it.
     */
    synchronized void armAt(int unforcedWrites, Random cutRandom) {
      random = cutRandom;
      armedAt = unforcedWrites;
    }

    /** Waits up to {@code millis} for an armed cut; answers {unforced writes, of those kept}, or null. */
    int[] awaitCut(long millis) throws InterruptedException {
      long until = System.currentTimeMillis() + millis;
      while (System.currentTimeMillis() < until) {
        synchronized (this) {
          if (lastCut != null) {
            return lastCut;
          }
        }
        Thread.sleep(5);
      }
      return null;
    }

    private synchronized void cut() throws IOException {
      if (off) {
        return;
      }
      off = true;
      armedAt = 0;
      int pending = 0;
      int kept = 0;
      for (PowerCutChannel channel : open) {
        int[] counts = channel.dropUnforced(random);
        pending += counts[0];
        kept += counts[1];
      }
      open.clear();
      lastCut = new int[] {pending, kept};
    }
  }

  private static final Map<Path, Disk> DISKS = new ConcurrentHashMap<>();

  /** For H2, which makes one instance per path by reflection. */
  public PowerCutFileSystem() {}

  static void register() {
    FilePath.register(new PowerCutFileSystem());
  }

  /** The disk of the files in {@code folder}, the folder of a {@code jdbc:h2:powercut:file:} URL's database. */
  static Disk disk(Path folder) {
    return DISKS.computeIfAbsent(folder.toAbsolutePath().normalize(), key -> new Disk());
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    Path file = Path.of(getBase().toString().replaceFirst("^file:", ""));
    Disk disk = disk(file.getParent());
    PowerCutChannel channel = new PowerCutChannel(getBase().open(mode), disk);
    synchronized (disk) {
      disk.open.add(channel);
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
    private final Disk disk;
    private final List<Undo> unforced = new ArrayList<>();
    private long position;

    PowerCutChannel(FileChannel file, Disk disk) {
      this.file = file;
      this.disk = disk;
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
      if (disk.armedAt > 0 && unforced.size() >= disk.armedAt) {
        disk.cut();
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

    private void checkPower() throws IOException {
      if (disk.off) {
        throw new IOException("No power");
      }
    }
  }
}

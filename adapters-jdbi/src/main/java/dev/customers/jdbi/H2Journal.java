package dev.customers.jdbi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The redo journal of an embedded H2 file: what makes a batch of saves durable without storing the database's
 * B-trees for it. Two files next to the database ({@code <name>.journal-0} and {@code -1}); the writer appends one
 * record per committed batch to the current one, and a checkpoint switches files, stores the database (which then
 * holds every batch of the file switched from) and empties that file. When the database opens, the records of
 * both files are replayed ({@link JournalReplay} writes what the database lacks of each save) and both are emptied.
 * Appends and switches are made under {@link H2FileCommits#transactions}, one at a time.
 *
 * <p>A record is its length (int), a CRC-32 of the rest (int), a sequence number (long) and the payload. Reading a
 * file stops at the first record that is cut short or fails its check: the last write of a process that was
 * killed, whose saves were never answered.
 *
 * <p>The first file is locked while the journal is open: a second repository on the same database (in this JVM or
 * another) gets none, and stores each batch itself.
 */
final class H2Journal implements AutoCloseable {

  /** One record: its sequence number across both files, and its payload. */
  record Entry(long sequence, byte[] payload) {}

  private static final int HEADER_BYTES = 4 + 4 + 8;
  /** More than any batch: 64 saves of the largest body the API takes. */
  private static final int MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

  private final FileChannel[] files;
  private final FileLock lock;
  private final boolean force;
  /** The file appended to; read and changed under {@link H2FileCommits#transactions} only. */
  private int current;
  private long nextSequence;

  private H2Journal(FileChannel[] files, FileLock lock, boolean force, long nextSequence) {
    this.files = files;
    this.lock = lock;
    this.force = force;
    this.nextSequence = nextSequence;
  }

  /**
   * Opens (creating them) the journal files of the database whose file is {@code databaseFile} ({@code x.mv.db});
   * empty when another journal holds them. With {@code force} every append reaches the disk before it returns.
   */
  static Optional<H2Journal> open(Path databaseFile, boolean force) throws IOException {
    FileChannel first = FileChannel.open(file(databaseFile, 0), StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = first.tryLock();
    } catch (OverlappingFileLockException heldInThisJvm) {
      lock = null;
    }
    if (lock == null) {
      first.close();
      return Optional.empty();
    }
    FileChannel second;
    try {
      second = FileChannel.open(file(databaseFile, 1), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    } catch (IOException | RuntimeException e) {
      first.close();
      throw e;
    }
    FileChannel[] files = {first, second};
    long last = 0;
    for (FileChannel channel : files) {
      for (Entry entry : read(channel)) {
        last = Math.max(last, entry.sequence());
      }
    }
    return Optional.of(new H2Journal(files, lock, force, last + 1));
  }

  /** The journal file {@code index} (0 or 1) of a database file. */
  static Path file(Path databaseFile, int index) {
    String name = databaseFile.getFileName().toString();
    String base = name.endsWith(".mv.db") ? name.substring(0, name.length() - ".mv.db".length()) : name;
    return databaseFile.resolveSibling(base + ".journal-" + index);
  }

  /** Every complete record of both files, oldest first. */
  List<Entry> recorded() throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (FileChannel channel : files) {
      entries.addAll(read(channel));
    }
    entries.sort(Comparator.comparingLong(Entry::sequence));
    return entries;
  }

  /** Appends a record to the current file, after whatever it holds; with force, on the disk when it returns. */
  void append(byte[] payload) throws IOException {
    ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    record.putInt(payload.length).putInt(0).putLong(nextSequence).put(payload);
    CRC32 crc = new CRC32();
    crc.update(record.array(), 8, 8 + payload.length);
    record.putInt(4, (int) crc.getValue());
    record.flip();
    FileChannel channel = files[current];
    long at = channel.size();
    while (record.hasRemaining()) {
      at += channel.write(record, at);
    }
    if (force) {
      channel.force(false);
    }
    nextSequence++;
  }

  /**
   * Sends later appends to the other file, which the last checkpoint emptied (if its store failed, later records
   * follow the ones left there, and an open replays both); answers the file switched from.
   */
  int switchFiles() {
    int previous = current;
    current = 1 - current;
    return previous;
  }

  /** Empties file {@code index} (0 or 1): a store has put every save it recorded in the database. */
  void clear(int index) throws IOException {
    files[index].truncate(0);
    files[index].force(true);
  }

  /** Empties both files. */
  void clearAll() throws IOException {
    clear(0);
    clear(1);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      try {
        files[0].close();
      } finally {
        files[1].close();
      }
    }
  }

  private static List<Entry> read(FileChannel channel) throws IOException {
    List<Entry> entries = new ArrayList<>();
    long size = channel.size();
    long at = 0;
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    while (at + HEADER_BYTES <= size) {
      header.clear();
      readFully(channel, header, at);
      int length = header.getInt(0);
      if (length < 0 || length > MAX_PAYLOAD_BYTES || at + HEADER_BYTES + length > size) {
        break;
      }
      ByteBuffer payload = ByteBuffer.allocate(length);
      readFully(channel, payload, at + HEADER_BYTES);
      CRC32 crc = new CRC32();
      crc.update(header.array(), 8, 8);
      crc.update(payload.array(), 0, length);
      if ((int) crc.getValue() != header.getInt(4)) {
        break;
      }
      entries.add(new Entry(header.getLong(8), payload.array()));
      at += HEADER_BYTES + length;
    }
    return entries;
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
    long position = at;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position);
      if (read < 0) {
        throw new IOException("The journal ended inside a record it had measured");
      }
      position += read;
    }
  }
}

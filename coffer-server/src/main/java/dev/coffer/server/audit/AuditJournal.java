package dev.coffer.server.audit;

import dev.coffer.server.store.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * An audit journal: a file in the data directory ({@code audit-<id>.journal}), mapped into memory, that
 * holds the events of reads from the moment their requests are answered until the database has them. Writing an event
 * here is a copy into memory, no system call and no wait: the mapped pages belong to the operating
 * system's page cache, so they reach the file even when Coffer is killed the next instant, and the
 * system writes them to the disk as it writes the database's own unflushed commits (within seconds).
 * The writer moves the journal's events into the database every few milliseconds, in large
 * transactions, and records in the same transaction how far it got ({@link AuditStore#markJournaled});
 * a server that starts again adds what the journal holds past that mark before it serves. Each server
 * has a journal of its own (several PostgreSQL nodes may share a data directory): the file is locked
 * while a server uses it, and a starting server adds the events of the journals no server holds
 * ({@link Journals}).
 *
 * <p>The file is a ring of {@link #capacity} bytes, written once in full when created (so a full disk
 * is found then, when the file system reserves its blocks, not as a fault in a mapped page later). Each record is framed by its position in the
 * journal (which only grows; the ring's offset is the position modulo the capacity), its length and a
 * CRC-32C over the journal's id, position, length and payload: a record from an earlier turn of the
 * ring, from another database's journal or one the process was killed while copying never matches, and
 * reading stops at the first that does not. Records are appended under one lock, so they are whole up
 * to the last one written. A record never wraps: where one would not fit before the ring's end, a skip
 * mark (length -1) sends the next to the start. An append that would overwrite what the database does
 * not hold yet is refused ({@link #append} returns false) until ingestion frees room.
 */
final class AuditJournal implements AutoCloseable {

    /** The journal of a release before V20, its id in {@code audit_chain}: renamed at start to its id's name. */
    static final String LEGACY_FILE_NAME = "audit.journal";

    /** The journals this process holds open (their files' absolute paths). */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private static final Pattern NAME = Pattern.compile("audit-([0-9a-f-]{36})\\.journal");
    /**
     * 8 MiB: a third of a second of lists of 50 secrets at full speed (about 800 bytes an event), where
     * ingestion needs a fiftieth. Every page of it is resident once the ring has gone round (a 32 MiB ring
     * kept the server's resident memory after a load 33 % above idle, against 12 % before).
     */
    static final int DEFAULT_CAPACITY = 8 << 20;

    private static final int HEADER = 16; // position (8), length (4), checksum (4)
    private static final int SKIP = -1;

    /** A record read back: its payload and the position just past it. */
    record Entry(byte[] payload, long end) {}

    private final Path file;
    private final String journalId;
    private final FileChannel channel;
    private final MappedByteBuffer map;
    private final int capacity;
    private final byte[] id;
    private final ReentrantLock lock = new ReentrantLock();
    private final CRC32C crc = new CRC32C(); // under the lock
    private final ByteBuffer frame = ByteBuffer.allocate(12); // under the lock
    /** Where the next record goes (under the lock). */
    private long next;
    /** How far the database holds the journal's events. */
    private volatile long ingested;

    private AuditJournal(Path file, FileChannel channel, MappedByteBuffer map, int capacity, String id) {
        this.file = file;
        this.journalId = id;
        this.channel = channel;
        this.map = map;
        this.capacity = capacity;
        this.id = id.getBytes(StandardCharsets.UTF_8);
    }

    /** The file name of the journal {@code id}. */
    static String fileName(String id) {
        return "audit-" + id + ".journal";
    }

    /** The ids of the journal files in {@code dataDir}, from their names. */
    static List<String> idsIn(Path dataDir) throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(dataDir)) return ids;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dataDir, "audit-*.journal")) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) ids.add(m.group(1));
            }
        }
        return ids;
    }

    /** Another server holds the journal: it is that server's to write and to empty. */
    static final class InUse extends IOException {
        InUse(Path file) {
            super("another Coffer server uses " + file);
        }
    }

    /**
     * Opens and locks the journal {@code id} in {@code dataDir} (readable by its owner only), creating it
     * in full when missing or shorter than {@code capacity}. Only records written under its id are read
     * back. Throws {@link InUse} when another server (process or node in this one) holds it.
     */
    static AuditJournal open(Path dataDir, int capacity, String id) throws IOException {
        Path file = dataDir.resolve(fileName(id)).toAbsolutePath().normalize();
        // held in this process: not even opened (closing a second descriptor of a file drops the
        // process's lock on it, the other server's included)
        if (!HELD.add(file)) throw new InUse(file);
        FileChannel ch;
        try {
            OwnerOnlyFiles.createIfMissing(file);
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
        try {
            FileLock held;
            try {
                held = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                held = null;
            }
            if (held == null) throw new InUse(file); // another process's
            if (ch.size() < capacity) {
                ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
                for (long at = ch.size(); at < capacity; ) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), capacity - at));
                    at += ch.write(zeros, at);
                }
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
            return new AuditJournal(file, ch, map, capacity, id);
        } catch (IOException | RuntimeException e) {
            ch.close();
            HELD.remove(file);
            throw e;
        }
    }

    /**
     * How many whole records the journal file {@code name} in {@code dataDir} holds from {@code position}
     * on, read without writing anything (for {@code coffer audit verify} beside a stopped server); 0
     * when there is none.
     */
    static int countFrom(Path dataDir, String name, String id, long position) throws IOException {
        Path file = dataDir.resolve(name).toAbsolutePath().normalize();
        // one this process holds is a running server's (and opening it here would drop its lock)
        if (!Files.exists(file) || HELD.contains(file)) return 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int capacity = (int) Math.min(ch.size(), Integer.MAX_VALUE);
            if (capacity < HEADER) return 0;
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, capacity);
            return new AuditJournal(file, ch, map, capacity, id)
                    .readFrom(position)
                    .size();
        }
    }

    /**
     * The whole records from {@code position} on, in order, up to the first that is not whole or not
     * this journal's; the next record is written after them, and the database is taken to hold
     * everything before {@code position}.
     */
    List<Entry> readFrom(long position) {
        lock.lock();
        try {
            return readFromLocked(position);
        } finally {
            lock.unlock();
        }
    }

    private List<Entry> readFromLocked(long position) {
        List<Entry> out = new ArrayList<>();
        long at = position;
        while (true) {
            int offset = offset(at);
            if (capacity - offset < HEADER) {
                at += capacity - offset;
                continue;
            }
            long stored = map.getLong(offset);
            int length = map.getInt(offset + 8);
            if (stored != at || length < SKIP || length > capacity - offset - HEADER) break;
            byte[] payload = new byte[Math.max(0, length)];
            map.get(offset + HEADER, payload);
            if (map.getInt(offset + 12) != checksum(at, length, payload)) break;
            if (length == SKIP) {
                at += capacity - offset;
                continue;
            }
            at += HEADER + length;
            out.add(new Entry(payload, at));
        }
        next = at;
        ingested = position;
        return out;
    }

    /**
     * Appends a record and, under the same lock, hands the position just past it to {@code then} (so
     * whatever {@code then} queues is in the journal's order). False, with nothing written, when the
     * ring has no room before what the database does not hold yet.
     */
    boolean append(byte[] payload, LongConsumer then) {
        if (payload.length > capacity / 4) throw new IllegalArgumentException("an audit event too large to journal");
        lock.lock();
        try {
            long at = next;
            int offset = offset(at);
            int room = capacity - offset;
            long start = room < HEADER + payload.length ? at + room : at;
            long end = start + HEADER + payload.length;
            if (end - ingested > capacity) return false;
            if (start != at && room >= HEADER) write(offset, at, SKIP, new byte[0]);
            write(offset(start), start, payload.length, payload);
            next = end;
            then.accept(end);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The journal's id, as the database records it. */
    String id() {
        return journalId;
    }

    /** Where the next record goes: everything appended so far ends here. */
    long appended() {
        lock.lock();
        try {
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** The database holds the journal's events up to {@code end}: their room may be written again. */
    void ingested(long end) {
        if (end > ingested) ingested = end;
    }

    long ingestedUpTo() {
        return ingested;
    }

    private void write(int offset, long position, int length, byte[] payload) {
        map.put(offset + HEADER, payload);
        map.putInt(offset + 8, length);
        map.putInt(offset + 12, checksum(position, length, payload));
        map.putLong(offset, position);
    }

    private int checksum(long position, int length, byte[] payload) {
        crc.reset();
        crc.update(id);
        crc.update(frame.clear().putLong(position).putInt(length).flip());
        crc.update(payload);
        return (int) crc.getValue();
    }

    private int offset(long position) {
        return (int) (position % capacity);
    }

    /** Removes the file (closed, its events in the database). */
    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.getLogger(AuditJournal.class.getName())
                    .log(System.Logger.Level.WARNING, () -> "could not remove the audit journal " + file);
        }
    }

    /** Writes the mapped pages to the disk and closes the file, which lets its lock go (what was ingested stays as it is). */
    @Override
    public void close() {
        lock.lock();
        try {
            map.force();
            channel.close();
        } catch (IOException | RuntimeException e) {
            System.getLogger(AuditJournal.class.getName())
                    .log(System.Logger.Level.WARNING, () -> "could not close the audit journal " + file);
        } finally {
            HELD.remove(file);
            lock.unlock();
        }
    }
}

package dev.ficus.platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Ficus's own data directory ({@code ficus.data-dir}, env {@code FICUS_DATA_DIR}, default {@code ./data}):
 * the Artemis journal ({@code artemis/}) and the embedded PostgreSQL ({@code postgres/}) live here.
 *
 * <p>Only one Ficus process may use a data directory: on creation it takes an exclusive lock on
 * {@code ficus.lock} (held until {@link #close()}, released by the OS when the process dies, also on
 * {@code kill -9}). Without it a second process would wait forever for Artemis's journal lock.
 */
public final class DataDirectory implements AutoCloseable {

    private final Path root;
    private final FileChannel channel;
    private final FileLock lock;

    /**
     * @param root the data directory; created when missing
     * @throws StartupCheckException when it cannot be created or another process holds its lock
     */
    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
        Path lockFile = this.root.resolve("ficus.lock");
        try {
            Files.createDirectories(this.root);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StartupCheckException("data directory " + this.root + " is not writable: " + e.getMessage(), e);
        }
        FileLock acquired;
        try {
            acquired = channel.tryLock();
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            acquired = null; // overlapping: this very JVM already runs a Ficus on the directory
        }
        if (acquired == null) {
            String holder = readQuietly(lockFile);
            closeQuietly();
            throw new StartupCheckException("data directory " + this.root + " is in use by another Ficus process"
                    + (holder.isBlank() ? "" : " (pid " + holder.strip() + ")")
                    + "; stop it or set FICUS_DATA_DIR to another directory");
        }
        lock = acquired;
        try {
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(
                    String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
        } catch (IOException e) {
            // the pid is only a hint for the error message above; the lock is what matters
        }
    }

    /**
     * @param child a sub-directory name such as {@code "postgres"}
     * @return the absolute path of that sub-directory (not created)
     */
    public Path resolve(String child) {
        return root.resolve(child);
    }

    /** @return the absolute data directory */
    public Path root() {
        return root;
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }
}

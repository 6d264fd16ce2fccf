package io.peergate.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runtime changes in {@code
 *
<dir>
 * /state.json}: human-readable JSON with a {@code format} version, so a later release can
 * migrate it. A write goes to a temporary file in the same directory, is forced to disk,
 * then renamed over the old file (and the directory forced too), so a crash at any point
 * leaves either the old file or the new one. A file that cannot be read is never
 * overwritten: {@link #load} fails and the node does not start.
 */
public final class FileStateStore implements StateStore {

    /** The format this release writes, and the newest it reads. */
    public static final int FORMAT = 1;

    public static final String FILE_NAME = "state.json";

    private final Path dir;

    private final Path file;

    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public FileStateStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.file = this.dir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    @Override
    public List<StoredChange> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        }
        catch (NoSuchFileException e) {
            return List.of();
        }
        catch (IOException e) {
            throw new StateFileException(file, "it cannot be read (" + e + ")", e);
        }
        JsonNode root;
        try {
            root = json.readTree(bytes);
        }
        catch (JacksonException e) {
            throw new StateFileException(file, "it is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject() || !root.path("format").isInt()) {
            throw new StateFileException(file, "it has no \"format\" number at the top", null);
        }
        int format = root.get("format").asInt();
        if (format > FORMAT || format < 1) {
            throw new StateFileException(file, "it has format " + format + ", and this release reads format " + FORMAT
                    + " (a newer release wrote it?)", null);
        }
        JsonNode changes = root.path("changes");
        if (!changes.isArray()) {
            throw new StateFileException(file, "it has no \"changes\" list", null);
        }
        List<StoredChange> loaded = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            loaded.add(change(changes.get(i), i));
        }
        return List.copyOf(loaded);
    }

    private StoredChange change(JsonNode node, int index) {
        String where = "changes[" + index + "]";
        if (!node.path("key").isString() || !node.has("value") || !node.path("changedAt").isString()
                || !node.path("changedBy").isString()) {
            throw new StateFileException(file, where + " needs \"key\", \"value\", \"changedAt\" and \"changedBy\"",
                    null);
        }
        try {
            Instant expiresAt = node.path("expiresAt").isString() ? Instant.parse(node.get("expiresAt").asString())
                    : null;
            return new StoredChange(node.get("key").asString(), node.get("value"),
                    Instant.parse(node.get("changedAt").asString()), node.get("changedBy").asString(), expiresAt, 0);
        }
        catch (DateTimeParseException e) {
            throw new StateFileException(file, where + ".changedAt or .expiresAt is not an instant", e);
        }
    }

    /** Writes the whole set of changes the node holds after {@code delta}. */
    @Override
    public long write(StateDelta delta) {
        write(delta.after());
        return 0;
    }

    /** Replaces what is stored with {@code changes}. */
    public void write(List<StoredChange> changes) {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode list = root.putArray("changes");
        for (StoredChange change : changes) {
            ObjectNode node = list.addObject();
            node.put("key", change.key());
            node.set("value", change.value());
            node.put("changedAt", change.changedAt().toString());
            node.put("changedBy", change.changedBy());
            if (change.expiresAt() != null) {
                node.put("expiresAt", change.expiresAt().toString());
            }
        }
        byte[] bytes = json.writeValueAsBytes(root);
        Path temporary = null;
        try {
            Files.createDirectories(dir);
            temporary = Files.createTempFile(dir, FILE_NAME + ".", ".tmp");
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            move(temporary);
            temporary = null;
            forceDirectory();
        }
        catch (IOException | RuntimeException e) {
            throw new StateWriteException("Could not write " + file + ": " + e, e);
        }
        finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                }
                catch (IOException e) {
                    // the write failed already; a stray temporary file is all that is
                    // left
                }
            }
        }
    }

    private void move(Path temporary) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the directory's file system cannot rename atomically", e);
        }
    }

    /** The rename itself reaches the disk only when the directory is forced. */
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
        catch (IOException e) {
            // not every file system lets a directory be opened: the rename stands
        }
    }

    @Override
    public Optional<Instant> lastWritten() {
        try {
            return Optional.of(Files.getLastModifiedTime(file).toInstant());
        }
        catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String kind() {
        return "file";
    }

    @Override
    public String location() {
        return file.toString();
    }

}

package io.peergate.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

class FileStateStoreTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private static StoredChange change(String key, String json) {
        return new StoredChange(key, JSON.readTree(json), Instant.parse("2026-11-22T05:00:00Z"), "admin");
    }

    @Test
    void writesVersionedJsonAndReadsItBack() throws Exception {
        FileStateStore store = new FileStateStore(dir.resolve("nested/data"));
        assertThat(store.load()).isEmpty();
        List<StoredChange> changes = List.of(change("bittorrent/settings", "{\"maxConnections\":5}"),
                new StoredChange("bittorrent/torrents/ab", JsonNodeFactory.instance.nullNode(),
                        Instant.parse("2026-11-22T05:00:01Z"), "ops"));
        store.write(changes);
        assertThat(new FileStateStore(dir.resolve("nested/data")).load()).isEqualTo(changes);
        assertThat(changes.get(1).removal()).isTrue();
        String text = Files.readString(store.file());
        assertThat(text).contains("\"format\" : 1").contains("\"changedAt\" : \"2026-11-22T05:00:00Z\"");
        try (var files = Files.list(store.file().getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(store.file());
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        FileStateStore store = new FileStateStore(dir);
        store.write(List.of(change("a", "{}")));
        String before = Files.readString(store.file());
        // a directory where the file should go: the rename cannot replace it
        Files.delete(store.file());
        Files.createDirectory(store.file());
        assertThatThrownBy(() -> store.write(List.of(change("b", "{}")))).isInstanceOf(StateWriteException.class)
            .hasMessageContaining(store.file().toString());
        Files.delete(store.file());
        Files.writeString(store.file(), before);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(store.file());
        }
        assertThat(store.load()).extracting(StoredChange::key).containsExactly("a");
    }

    @Test
    void unreadableContentIsAClearFailureNamingTheFile() throws Exception {
        FileStateStore store = new FileStateStore(dir);
        for (String content : List.of("not json", "[]", "{\"changes\":[]}", "{\"format\":2,\"changes\":[]}",
                "{\"format\":1}", "{\"format\":1,\"changes\":[{\"key\":\"a\"}]}",
                "{\"format\":1,\"changes\":[{\"key\":\"a\",\"value\":1,\"changedAt\":\"yesterday\",\"changedBy\":\"x\"}]}")) {
            Files.writeString(store.file(), content);
            assertThatThrownBy(store::load).as(content)
                .isInstanceOf(StateFileException.class)
                .hasMessageContaining(store.file().toString());
            assertThat(Files.readString(store.file())).isEqualTo(content);
        }
    }

}

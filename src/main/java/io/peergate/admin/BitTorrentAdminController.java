package io.peergate.admin;

import io.peergate.bittorrent.BitTorrentGateway;
import io.peergate.bittorrent.GatewaySettings;
import io.peergate.bittorrent.TorrentRegistry;
import io.peergate.bittorrent.actuate.TorrentView;
import io.peergate.bittorrent.config.BitTorrentProperties;
import io.peergate.bittorrent.wire.InfoHash;
import io.peergate.support.ListenerBindException;
import io.peergate.support.Texts;
import java.security.Principal;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /admin/bittorrent}: the torrent registry and the gateway's runtime settings. */
@RestController
@RequestMapping("/admin/bittorrent")
@ConditionalOnBooleanProperty(name = "peergate.bittorrent.enabled", matchIfMissing = true)
public class BitTorrentAdminController {

    private static final Logger log = LoggerFactory.getLogger(BitTorrentAdminController.class);

    private final BitTorrentGateway gateway;

    private final RequestBodies bodies;

    private final StoredChanges changes;

    public BitTorrentAdminController(BitTorrentGateway gateway, RequestBodies bodies, StoredChanges changes) {
        this.gateway = gateway;
        this.bodies = bodies;
        this.changes = changes;
    }

    /**
     * Settings in force, the startup values a reset returns to, and the port actually
     * bound.
     */
    public record SettingsAnswer(GatewaySettings settings, GatewaySettings startupSettings, Integer boundPort) {
    }

    @GetMapping("/torrents")
    public List<TorrentView> torrents() {
        return gateway.registry().list().stream().map(TorrentView::of).toList();
    }

    @GetMapping("/torrents/{infoHash}")
    public TorrentView torrent(@PathVariable String infoHash) {
        InfoHash hash = parseInfoHash(infoHash);
        return gateway.registry()
            .find(hash)
            .map(TorrentView::of)
            .orElseThrow(() -> new AdminException.NotFound("torrent", hash.hex()));
    }

    /**
     * The body is a torrent of {@code peergate.bittorrent.torrents[n]} without its info
     * hash, which the path gives.
     */
    @PutMapping("/torrents/{infoHash}")
    public ResponseEntity<TorrentView> putTorrent(@PathVariable String infoHash,
            @RequestBody(required = false) JsonNode body, Principal who) {
        BitTorrentProperties.Torrent torrent = bodies.read(body, BitTorrentProperties.Torrent.class, "infoHash",
                infoHash);
        TorrentRegistry.PutResult result = changes.record(
                StoredChanges.torrentKey(InfoHash.fromHex(torrent.infoHash())),
                StoredChanges.torrentValue(bodies, torrent), who, () -> torrent.addTo(gateway.registry()));
        log.info("{} {} torrent {} '{}' -> {}", who.getName(), result.created() ? "added" : "changed",
                result.torrent().infoHash(), torrent.name(), result.torrent().upstream());
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
            .body(TorrentView.of(result.torrent()));
    }

    @DeleteMapping("/torrents/{infoHash}")
    public ResponseEntity<Void> deleteTorrent(@PathVariable String infoHash, Principal who) {
        InfoHash hash = parseInfoHash(infoHash);
        if (gateway.registry().find(hash).isEmpty()) {
            throw new AdminException.NotFound("torrent", hash.hex());
        }
        changes.record(StoredChanges.torrentKey(hash), StoredChanges.REMOVED, who,
                () -> gateway.registry().remove(hash));
        log.info("{} removed torrent {} (routed connections keep going)", who.getName(), hash);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/settings")
    public SettingsAnswer settings() {
        return answer();
    }

    /** Any subset of the settings; what the body leaves out stays as it is. */
    @PatchMapping("/settings")
    public SettingsAnswer patchSettings(@RequestBody(required = false) JsonNode body, Principal who) {
        GatewaySettings next = bodies.patch(gateway.settings(), body, GatewaySettings.class);
        changes.recordPatch(StoredChanges.GATEWAY_SETTINGS, body, who, () -> apply(next, who, "changed"));
        return answer();
    }

    @PostMapping("/settings/reset")
    public SettingsAnswer resetSettings(Principal who) {
        changes.forget(StoredChanges.GATEWAY_SETTINGS, () -> apply(gateway.startupSettings(), who, "reset"));
        return answer();
    }

    private GatewaySettings apply(GatewaySettings next, Principal who, String verb) {
        GatewaySettings before = gateway.settings();
        try {
            gateway.apply(next);
        }
        catch (ListenerBindException e) {
            throw new AdminException.Conflict(
                    e.getMessage() + "; the gateway keeps port " + before.port() + " and its other settings");
        }
        log.info("{} {} BitTorrent gateway settings: {} -> {}", who.getName(), verb, bodies.text(before),
                bodies.text(next));
        return next;
    }

    private SettingsAnswer answer() {
        return new SettingsAnswer(gateway.settings(), gateway.startupSettings(),
                gateway.boundAddress().map(address -> address.getPort()).orElse(null));
    }

    private static InfoHash parseInfoHash(String text) {
        try {
            return InfoHash.fromHex(text);
        }
        catch (IllegalArgumentException e) {
            throw new AdminException.InvalidField("infoHash", "must be 40 hex characters, got " + Texts.quote(text));
        }
    }

}

package io.peergate.admin;

import io.peergate.bittorrent.BitTorrentGateway;
import io.peergate.bittorrent.GatewaySettings;
import io.peergate.bittorrent.wire.InfoHash;
import io.peergate.bittorrent.actuate.SettingsView;
import io.peergate.bittorrent.TorrentRegistry;
import io.peergate.bittorrent.actuate.TorrentView;
import io.peergate.bittorrent.UpstreamAddress;
import io.peergate.support.ListenerBindException;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/** {@code /admin/bittorrent}: the torrent registry and the gateway's runtime settings. */
@RestController
@RequestMapping("/admin/bittorrent")
@ConditionalOnBooleanProperty(name = "peergate.bittorrent.enabled", matchIfMissing = true)
public class BitTorrentAdminController {

    private static final Logger log = LoggerFactory.getLogger(BitTorrentAdminController.class);
    private static final Set<String> TORRENT_FIELDS = Set.of("name", "upstream");
    private static final Set<String> SETTINGS_FIELDS =
            Set.of("port", "maxConnections", "maxPending", "identifyTimeout", "upstreamConnectTimeout");

    private final BitTorrentGateway gateway;
    private final TorrentRegistry registry;

    public BitTorrentAdminController(BitTorrentGateway gateway, TorrentRegistry registry) {
        this.gateway = gateway;
        this.registry = registry;
    }

    /** Settings in force, the startup values a reset returns to, and the port actually bound. */
    public record SettingsAnswer(SettingsView settings, SettingsView startupSettings, Integer boundPort) {}

    @GetMapping("/torrents")
    public List<TorrentView> torrents() {
        return registry.list().stream().map(TorrentView::of).toList();
    }

    @GetMapping("/torrents/{infoHash}")
    public TorrentView torrent(@PathVariable String infoHash) {
        InfoHash hash = parseInfoHash(infoHash);
        return registry.find(hash).map(TorrentView::of).orElseThrow(() -> new AdminException.NotFound("torrent", hash.hex()));
    }

    @PutMapping("/torrents/{infoHash}")
    public ResponseEntity<TorrentView> putTorrent(
            @PathVariable String infoHash, @RequestBody(required = false) Map<String, Object> body, Principal who) {
        InfoHash hash = parseInfoHash(infoHash);
        PatchBody fields = PatchBody.of(body, TORRENT_FIELDS);
        String name = fields.text("name").orElseThrow(() -> new AdminException.InvalidField("name", "is required"));
        String upstreamText = fields.text("upstream").orElseThrow(() -> new AdminException.InvalidField("upstream", "is required"));
        UpstreamAddress upstream;
        try {
            upstream = UpstreamAddress.parse(upstreamText);
        } catch (IllegalArgumentException e) {
            throw new AdminException.InvalidField("upstream", e.getMessage());
        }
        TorrentRegistry.PutResult result = registry.put(hash, name, upstream);
        log.info("{} {} torrent {} '{}' -> {}", who.getName(), result.created() ? "added" : "changed", hash, name, upstream);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(TorrentView.of(result.torrent()));
    }

    @DeleteMapping("/torrents/{infoHash}")
    public ResponseEntity<Void> deleteTorrent(@PathVariable String infoHash, Principal who) {
        InfoHash hash = parseInfoHash(infoHash);
        registry.remove(hash).orElseThrow(() -> new AdminException.NotFound("torrent", hash.hex()));
        log.info("{} removed torrent {} (routed connections keep going)", who.getName(), hash);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/settings")
    public SettingsAnswer settings() {
        return answer();
    }

    @PatchMapping("/settings")
    public SettingsAnswer patchSettings(@RequestBody(required = false) Map<String, Object> body, Principal who) {
        PatchBody fields = PatchBody.of(body, SETTINGS_FIELDS);
        GatewaySettings current = gateway.settings();
        GatewaySettings next = new GatewaySettings(
                fields.integer("port", 0, 65535).orElse(current.port()),
                fields.integer("maxConnections", -1, Integer.MAX_VALUE).orElse(current.maxConnections()),
                fields.integer("maxPending", -1, Integer.MAX_VALUE).orElse(current.maxPending()),
                fields.duration("identifyTimeout", Duration.ofMillis(1)).orElse(current.identifyTimeout()),
                fields.duration("upstreamConnectTimeout", Duration.ofMillis(1)).orElse(current.upstreamConnectTimeout()));
        apply(next, who, "changed");
        return answer();
    }

    @PostMapping("/settings/reset")
    public SettingsAnswer resetSettings(Principal who) {
        apply(gateway.startupSettings(), who, "reset");
        return answer();
    }

    private void apply(GatewaySettings next, Principal who, String verb) {
        GatewaySettings before = gateway.settings();
        try {
            gateway.apply(next);
        } catch (ListenerBindException e) {
            throw new AdminException.Conflict(e.getMessage() + "; the gateway keeps port " + before.port() + " and its other settings");
        }
        log.info("{} {} BitTorrent gateway settings: {} -> {}", who.getName(), verb, SettingsView.of(before), SettingsView.of(next));
    }

    private SettingsAnswer answer() {
        return new SettingsAnswer(
                SettingsView.of(gateway.settings()),
                SettingsView.of(gateway.startupSettings()),
                gateway.boundAddress().map(address -> address.getPort()).orElse(null));
    }

    private static InfoHash parseInfoHash(String text) {
        try {
            return InfoHash.fromHex(text);
        } catch (IllegalArgumentException e) {
            throw new AdminException.InvalidField("infoHash", "must be 40 hex characters, got '" + text + "'");
        }
    }
}

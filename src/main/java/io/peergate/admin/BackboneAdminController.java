package io.peergate.admin;

import io.peergate.backbone.Backbone;
import io.peergate.backbone.ClientLink;
import io.peergate.backbone.ServerInterface;
import io.peergate.backbone.actuate.InterfaceView;
import io.peergate.backbone.actuate.LinkView;
import io.peergate.backbone.actuate.PeerStateView;
import io.peergate.support.Durations;
import io.peergate.support.Texts;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

/**
 * {@code /admin/backbone/interfaces}: each interface's runtime settings; a server's peer
 * monitor; a client link's reconnect.
 */
@RestController
@RequestMapping("/admin/backbone/interfaces")
public class BackboneAdminController {

    private static final Logger log = LoggerFactory.getLogger(BackboneAdminController.class);

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Backbone backbone;

    private final RequestBodies bodies;

    private final StoredChanges changes;

    public BackboneAdminController(Backbone backbone, RequestBodies bodies, StoredChanges changes) {
        this.backbone = backbone;
        this.bodies = bodies;
        this.changes = changes;
    }

    /** Settings in force and the startup values a reset returns to. */
    public record SettingsAnswer<S>(S settings, S startupSettings) {
    }

    /** Server interfaces first, then client links, each in configuration order. */
    @GetMapping
    public List<Object> interfaces() {
        List<Object> all = new ArrayList<>();
        backbone.servers().values().forEach(server -> all.add(InterfaceView.of(server)));
        backbone.links().values().forEach(link -> all.add(LinkView.of(link)));
        return all;
    }

    @GetMapping("/{name}")
    public Object iface(@PathVariable String name) {
        Optional<ClientLink> link = backbone.link(name);
        return link.isPresent() ? LinkView.of(link.get()) : InterfaceView.of(server(name));
    }

    private InterfaceSettings<?> settingsOf(String name) {
        return InterfaceSettings.of(backbone, name);
    }

    /** The settings in force and the startup values, as PATCH and reset answer them. */
    @GetMapping("/{name}/settings")
    public SettingsAnswer<?> settings(@PathVariable String name) {
        return settingsOf(name).answer();
    }

    /**
     * Any subset of the settings; nested abuse rules change field by field, what the body
     * leaves out stays.
     */
    @PatchMapping("/{name}/settings")
    public SettingsAnswer<?> patchSettings(@PathVariable String name, @RequestBody(required = false) JsonNode body,
            Principal who) {
        return patch(name, settingsOf(name), body, who);
    }

    private <S extends Record> SettingsAnswer<S> patch(String name, InterfaceSettings<S> target, JsonNode body,
            Principal who) {
        S next = bodies.patch(target.settings().current(), body, target.type());
        return changes.recordPatch(StoredChanges.settingsKey(name), body, who,
                () -> change(target, next, who, "changed"));
    }

    @PostMapping("/{name}/settings/reset")
    public SettingsAnswer<?> resetSettings(@PathVariable String name, Principal who) {
        return reset(name, settingsOf(name), who);
    }

    private <S extends Record> SettingsAnswer<S> reset(String name, InterfaceSettings<S> target, Principal who) {
        return changes.forget(StoredChanges.settingsKey(name),
                () -> change(target, target.settings().startup(), who, "reset"));
    }

    private <S extends Record> SettingsAnswer<S> change(InterfaceSettings<S> target, S next, Principal who,
            String verb) {
        S before = target.settings().current();
        target.settings().set(next);
        log.info("{} {} {}: {} -> {}", who.getName(), verb, target.what(), bodies.text(before), bodies.text(next));
        return target.answer();
    }

    /**
     * Reconnects a client link now, forgetting its failed attempts; revives a link that
     * gave up.
     */
    @PostMapping("/{name}/reconnect")
    public LinkView reconnect(@PathVariable String name, Principal who) {
        ClientLink link = backbone.link(name)
            .orElseThrow(() -> backbone.server(name).isPresent()
                    ? new AdminException.Conflict(
                            "interface '" + name + "' is a server interface: only client links reconnect")
                    : new AdminException.NotFound("interface", name));
        try {
            link.reconnectNow();
        }
        catch (IllegalStateException e) {
            throw new AdminException.Conflict(e.getMessage());
        }
        log.info("{} asked backbone link '{}' to reconnect to {} now", who.getName(), link.name(), link.target());
        return LinkView.of(link);
    }

    @GetMapping("/{name}/peers")
    public List<PeerStateView> peers(@PathVariable String name) {
        ServerInterface server = server(name);
        return server.monitorEntries().stream().map(entry -> PeerStateView.of(server.name(), entry)).toList();
    }

    @PutMapping("/{name}/peers/{ip}/blacklist")
    public PeerStateView blacklist(@PathVariable String name, @PathVariable String ip,
            @RequestBody(required = false) JsonNode body, Principal who) {
        ServerInterface server = server(name);
        InetAddress address = parseIp(ip);
        BlacklistRequest request = bodies.read(body, BlacklistRequest.class);
        String reason = request.reason() != null ? request.reason() : "blacklisted by " + who.getName();
        PeerStateView entry = changes.record(StoredChanges.blacklistKey(server.name(), address),
                changes.blacklistValue(request.duration(), reason), who,
                () -> PeerStateView.of(server.name(), server.blacklist(address, request.duration(), reason)));
        log.info("{} blacklisted {} on backbone interface '{}' for {}: {} (its open connections closed)", who.getName(),
                address.getHostAddress(), server.name(), Durations.format(request.duration()), reason);
        return entry;
    }

    @DeleteMapping("/{name}/peers/{ip}")
    public ResponseEntity<Void> clear(@PathVariable String name, @PathVariable String ip, Principal who) {
        ServerInterface server = server(name);
        InetAddress address = parseIp(ip);
        boolean tracked = changes.forget(List.of(StoredChanges.blacklistKey(server.name(), address),
                StoredChanges.penaltyKey(server.name(), address)), () -> server.clear(address));
        if (!tracked) {
            throw new AdminException.NotFound("peer", address.getHostAddress() + " on interface " + server.name());
        }
        log.info("{} cleared {} on backbone interface '{}' (blacklist, rejects and penalty level forgotten)",
                who.getName(), address.getHostAddress(), server.name());
        return ResponseEntity.noContent().build();
    }

    private ServerInterface server(String name) {
        return backbone.server(name)
            .orElseThrow(() -> backbone.link(name).isPresent()
                    ? new AdminException.Conflict(
                            "interface '" + name + "' is a client link: it has no peers or peer monitor")
                    : new AdminException.NotFound("interface", name));
    }

    /**
     * An IP literal only: a host name here would mean a DNS lookup on a request thread.
     */
    private static InetAddress parseIp(String text) {
        boolean ipv4 = IPV4.matcher(text).matches()
                && Pattern.compile("\\.").splitAsStream(text).allMatch(octet -> Integer.parseInt(octet) <= 255);
        if (ipv4 || text.contains(":")) {
            try {
                return InetAddress.getByName(text);
            }
            catch (UnknownHostException | IllegalArgumentException e) {
                // fall through to the answer below
            }
        }
        throw new AdminException.InvalidField("ip", "must be an IPv4 or IPv6 address, got " + Texts.quote(text));
    }

}

package io.peergate.admin;

import io.peergate.backbone.abuse.AbuseSettings;
import io.peergate.backbone.Backbone;
import io.peergate.backbone.ClientLink;
import io.peergate.backbone.ClientSettings;
import io.peergate.backbone.actuate.ClientSettingsView;
import io.peergate.backbone.actuate.LinkView;
import io.peergate.backbone.actuate.InterfaceView;
import io.peergate.backbone.actuate.PeerStateView;
import io.peergate.backbone.ServerInterface;
import io.peergate.backbone.ServerSettings;
import io.peergate.backbone.actuate.ServerSettingsView;
import io.peergate.support.Durations;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
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

/**
 * {@code /admin/backbone/interfaces}: each interface's runtime settings; a server's peer monitor; a client link's
 * reconnect.
 */
@RestController
@RequestMapping("/admin/backbone/interfaces")
public class BackboneAdminController {

    private static final Logger log = LoggerFactory.getLogger(BackboneAdminController.class);
    private static final Set<String> SETTINGS_FIELDS = Set.of("maxConnections", "idleTimeout", "writeStallTimeout", "abuse");
    private static final Set<String> ABUSE_FIELDS = Set.of(
            "flapping", "idleTimeouts", "writeStalls", "basePenalty", "maxPenaltyDuration", "penaltyDecayInterval");
    private static final Set<String> FLAPPING_FIELDS = Set.of("enabled", "shorterThan", "maxConnections", "window");
    private static final Set<String> RULE_FIELDS = Set.of("enabled", "maxEvents", "window");
    private static final Set<String> CLIENT_SETTINGS_FIELDS =
            Set.of("connectTimeout", "reconnectWait", "maxReconnectTries", "writeStallTimeout");
    private static final Set<String> BLACKLIST_FIELDS = Set.of("duration", "reason");
    private static final Duration LONGEST_BLACKLIST = Duration.ofDays(3650);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Backbone backbone;

    public BackboneAdminController(Backbone backbone) {
        this.backbone = backbone;
    }

    /** Settings in force and the startup values a reset returns to. */
    public record SettingsAnswer(ServerSettingsView settings, ServerSettingsView startupSettings) {}

    /** A client link's settings in force and the startup values a reset returns to. */
    public record ClientSettingsAnswer(ClientSettingsView settings, ClientSettingsView startupSettings) {}

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

    @PatchMapping("/{name}/settings")
    public Object patchSettings(
            @PathVariable String name, @RequestBody(required = false) Map<String, Object> body, Principal who) {
        Optional<ClientLink> link = backbone.link(name);
        if (link.isPresent()) {
            return patchLinkSettings(link.get(), body, who);
        }
        ServerInterface server = server(name);
        PatchBody fields = PatchBody.of(body, SETTINGS_FIELDS);
        ServerSettings current = server.settings();
        AbuseSettings abuse = fields.object("abuse", ABUSE_FIELDS)
                .map(patch -> abuse(patch, current.abuse()))
                .orElse(current.abuse());
        ServerSettings next = new ServerSettings(
                fields.integer("maxConnections", -1, Integer.MAX_VALUE).orElse(current.maxConnections()),
                fields.duration("idleTimeout", Duration.ZERO).orElse(current.idleTimeout()),
                fields.duration("writeStallTimeout", Duration.ZERO).orElse(current.writeStallTimeout()),
                abuse);
        apply(server, next, who, "changed");
        return answer(server);
    }

    private static AbuseSettings abuse(PatchBody fields, AbuseSettings current) {
        AbuseSettings.Rule flapping = current.flapping();
        Duration shortConnection = current.shortConnection();
        var flappingPatch = fields.object("flapping", FLAPPING_FIELDS);
        if (flappingPatch.isPresent()) {
            PatchBody patch = flappingPatch.get();
            flapping = new AbuseSettings.Rule(
                    patch.bool("enabled").orElse(flapping.enabled()),
                    patch.integer("maxConnections", 1, Integer.MAX_VALUE).orElse(flapping.maxEvents()),
                    patch.duration("window", Duration.ofMillis(1)).orElse(flapping.window()));
            shortConnection = patch.duration("shorterThan", Duration.ofMillis(1)).orElse(shortConnection);
        }
        return new AbuseSettings(
                flapping,
                shortConnection,
                rule(fields, "idleTimeouts", current.idleTimeouts()),
                rule(fields, "writeStalls", current.writeStalls()),
                fields.duration("basePenalty", Duration.ofSeconds(1)).orElse(current.basePenalty()),
                fields.duration("maxPenaltyDuration", Duration.ofSeconds(1)).orElse(current.maxPenaltyDuration()),
                fields.duration("penaltyDecayInterval", Duration.ofSeconds(1)).orElse(current.penaltyDecayInterval()));
    }

    private static AbuseSettings.Rule rule(PatchBody fields, String name, AbuseSettings.Rule current) {
        return fields.object(name, RULE_FIELDS)
                .map(patch -> new AbuseSettings.Rule(
                        patch.bool("enabled").orElse(current.enabled()),
                        patch.integer("maxEvents", 1, Integer.MAX_VALUE).orElse(current.maxEvents()),
                        patch.duration("window", Duration.ofMillis(1)).orElse(current.window())))
                .orElse(current);
    }

    private static ClientSettingsAnswer patchLinkSettings(ClientLink link, Map<String, Object> body, Principal who) {
        PatchBody fields = PatchBody.of(body, CLIENT_SETTINGS_FIELDS);
        ClientSettings current = link.settings();
        ClientSettings next = new ClientSettings(
                fields.duration("connectTimeout", Duration.ofMillis(1)).orElse(current.connectTimeout()),
                fields.duration("reconnectWait", Duration.ofMillis(1)).orElse(current.reconnectWait()),
                fields.nullableInteger("maxReconnectTries", 0, Integer.MAX_VALUE)
                        .map(value -> value.orElse(null))
                        .orElse(current.maxReconnectTries()),
                fields.duration("writeStallTimeout", Duration.ZERO).orElse(current.writeStallTimeout()));
        applyLink(link, next, who, "changed");
        return linkAnswer(link);
    }

    private static void applyLink(ClientLink link, ClientSettings next, Principal who, String verb) {
        ClientSettings before = link.settings();
        link.apply(next);
        log.info("{} {} backbone link '{}' settings (from the next attempt): {} -> {}",
                who.getName(), verb, link.name(), ClientSettingsView.of(before), ClientSettingsView.of(next));
    }

    private static ClientSettingsAnswer linkAnswer(ClientLink link) {
        return new ClientSettingsAnswer(ClientSettingsView.of(link.settings()), ClientSettingsView.of(link.startupSettings()));
    }

    /** Reconnects a client link now, forgetting its failed attempts; revives a link that gave up. */
    @PostMapping("/{name}/reconnect")
    public LinkView reconnect(@PathVariable String name, Principal who) {
        ClientLink link = backbone.link(name).orElseThrow(() -> backbone.server(name).isPresent()
                ? new AdminException.Conflict("interface '" + name + "' is a server interface: only client links reconnect")
                : new AdminException.NotFound("interface", name));
        try {
            link.reconnectNow();
        } catch (IllegalStateException e) {
            throw new AdminException.Conflict(e.getMessage());
        }
        log.info("{} asked backbone link '{}' to reconnect to {} now", who.getName(), link.name(), link.target());
        return LinkView.of(link);
    }

    @PostMapping("/{name}/settings/reset")
    public Object resetSettings(@PathVariable String name, Principal who) {
        Optional<ClientLink> link = backbone.link(name);
        if (link.isPresent()) {
            applyLink(link.get(), link.get().startupSettings(), who, "reset");
            return linkAnswer(link.get());
        }
        ServerInterface server = server(name);
        apply(server, server.startupSettings(), who, "reset");
        return answer(server);
    }

    private static void apply(ServerInterface server, ServerSettings next, Principal who, String verb) {
        ServerSettings before = server.settings();
        server.apply(next);
        log.info("{} {} backbone interface '{}' settings: {} -> {}",
                who.getName(), verb, server.name(), ServerSettingsView.of(before), ServerSettingsView.of(next));
    }

    private static SettingsAnswer answer(ServerInterface server) {
        return new SettingsAnswer(ServerSettingsView.of(server.settings()), ServerSettingsView.of(server.startupSettings()));
    }

    @GetMapping("/{name}/peers")
    public List<PeerStateView> peers(@PathVariable String name) {
        ServerInterface server = server(name);
        return server.monitorEntries().stream().map(entry -> PeerStateView.of(server.name(), entry)).toList();
    }

    @PutMapping("/{name}/peers/{ip}/blacklist")
    public PeerStateView blacklist(
            @PathVariable String name,
            @PathVariable String ip,
            @RequestBody(required = false) Map<String, Object> body,
            Principal who) {
        ServerInterface server = server(name);
        InetAddress address = parseIp(ip);
        PatchBody fields = PatchBody.of(body, BLACKLIST_FIELDS);
        Duration duration = fields.duration("duration", Duration.ofSeconds(1))
                .orElseThrow(() -> new AdminException.InvalidField("duration", "is required, such as \"1h\""));
        if (duration.compareTo(LONGEST_BLACKLIST) > 0) {
            throw new AdminException.InvalidField("duration", "must be at most " + Durations.format(LONGEST_BLACKLIST));
        }
        String reason = fields.text("reason").orElse("blacklisted by " + who.getName());
        server.blacklist(address, duration, reason);
        log.info("{} blacklisted {} on backbone interface '{}' for {}: {} (its open connections closed)",
                who.getName(), address.getHostAddress(), server.name(), Durations.format(duration), reason);
        return server.monitorEntry(address)
                .map(entry -> PeerStateView.of(server.name(), entry))
                .orElseThrow(() -> new IllegalStateException("blacklisted peer " + address + " not in the monitor"));
    }

    @DeleteMapping("/{name}/peers/{ip}")
    public ResponseEntity<Void> clear(@PathVariable String name, @PathVariable String ip, Principal who) {
        ServerInterface server = server(name);
        InetAddress address = parseIp(ip);
        if (!server.clear(address)) {
            throw new AdminException.NotFound("peer", address.getHostAddress() + " on interface " + server.name());
        }
        log.info("{} cleared {} on backbone interface '{}' (blacklist, rejects and penalty level forgotten)",
                who.getName(), address.getHostAddress(), server.name());
        return ResponseEntity.noContent().build();
    }

    private ServerInterface server(String name) {
        return backbone.server(name).orElseThrow(() -> backbone.link(name).isPresent()
                ? new AdminException.Conflict("interface '" + name + "' is a client link: it has no peers or peer monitor")
                : new AdminException.NotFound("interface", name));
    }

    /** An IP literal only: a host name here would mean a DNS lookup on a request thread. */
    private static InetAddress parseIp(String text) {
        boolean ipv4 = IPV4.matcher(text).matches() && Pattern.compile("\\.").splitAsStream(text).allMatch(octet -> Integer.parseInt(octet) <= 255);
        if (ipv4 || text.contains(":")) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException | IllegalArgumentException e) {
                // fall through to the answer below
            }
        }
        throw new AdminException.InvalidField("ip", "must be an IPv4 or IPv6 address, got '" + text + "'");
    }
}

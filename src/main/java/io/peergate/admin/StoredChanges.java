package io.peergate.admin;

import io.peergate.backbone.Backbone;
import io.peergate.backbone.BackboneEvent;
import io.peergate.backbone.ServerInterface;
import io.peergate.bittorrent.BitTorrentGateway;
import io.peergate.bittorrent.GatewaySettings;
import io.peergate.bittorrent.config.BitTorrentProperties;
import io.peergate.bittorrent.wire.InfoHash;
import io.peergate.cluster.config.ClusterProperties;
import io.peergate.state.ChangeApplier;
import io.peergate.state.RuntimeState;
import io.peergate.state.StateWriteException;
import io.peergate.state.StoredChange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the admin API changes, kept in the node's {@link RuntimeState}: the key each kind
 * of change is stored under, the stored changes applied again on top of
 * {@code application.yml} at startup (after every bean is built, before any listener
 * starts), and the way back to {@code application.yml} when they are all dropped.
 *
 * <p>
 * Keys: {@code bittorrent/torrents/<hash>} (the torrent, or null for one removed),
 * {@code bittorrent/settings} and {@code backbone/interfaces/<name>/settings} (the
 * settings patches, merged), {@code backbone/interfaces/<name>/blacklist/<ip>} (an
 * operator's blacklist entry and when it ends),
 * {@code backbone/interfaces/<name>/penalties/<ip>} (an abuse rule's penalty: its level,
 * when it was given and when its blacklist ends).
 */
@Component
public class StoredChanges implements SmartInitializingSingleton, DisposableBean, ChangeApplier {

    private static final Logger log = LoggerFactory.getLogger(StoredChanges.class);

    static final String TORRENTS = "bittorrent/torrents/";

    static final String GATEWAY_SETTINGS = "bittorrent/settings";

    static final String INTERFACES = "backbone/interfaces/";

    static final JsonNode REMOVED = JsonNodeFactory.instance.nullNode();

    private final RuntimeState state;

    private final RequestBodies bodies;

    private final ObjectProvider<BitTorrentGateway> gateway;

    private final ObjectProvider<BitTorrentProperties> bittorrent;

    private final Backbone backbone;

    private final Clock clock;

    /**
     * False in a cluster that keeps automatic penalties per node
     * ({@code peergate.cluster.share-penalties: false}).
     */
    private final boolean storePenalties;

    private final Map<String, RuntimeState.Stored> pendingPenalties = new ConcurrentHashMap<>();

    private final AtomicBoolean penaltyWriteScheduled = new AtomicBoolean();

    private final ExecutorService penaltyWriter = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "peergate-state-writer");
        thread.setDaemon(true);
        return thread;
    });

    public StoredChanges(RuntimeState state, RequestBodies bodies, ObjectProvider<BitTorrentGateway> gateway,
            ObjectProvider<BitTorrentProperties> bittorrent, Backbone backbone, ClusterProperties cluster) {
        this.state = state;
        this.storePenalties = !state.shared() || cluster.sharePenalties();
        this.bodies = bodies;
        this.gateway = gateway;
        this.bittorrent = bittorrent;
        this.backbone = backbone;
        this.clock = Clock.systemUTC();
    }

    static String torrentKey(InfoHash hash) {
        return TORRENTS + hash.hex();
    }

    static String settingsKey(String iface) {
        return INTERFACES + iface + "/settings";
    }

    static String blacklistKey(String iface, InetAddress ip) {
        return INTERFACES + iface + "/blacklist/" + ip.getHostAddress();
    }

    static String penaltyKey(String iface, InetAddress ip) {
        return INTERFACES + iface + "/penalties/" + ip.getHostAddress();
    }

    /** A torrent as stored: the body of its PUT, without the hash the key carries. */
    static JsonNode torrentValue(RequestBodies bodies, BitTorrentProperties.Torrent torrent) {
        ObjectNode value = (ObjectNode) bodies.tree(torrent);
        value.remove("infoHash");
        return value;
    }

    /** An operator's blacklist entry as stored: when it ends, not how long it lasts. */
    JsonNode blacklistValue(Duration duration, String reason) {
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        value.put("until", clock.instant().plus(duration).toString());
        value.put("reason", reason);
        return value;
    }

    /**
     * Stores a change, then applies it.
     * @throws AdminException.Unavailable when it could not be stored: nothing changed
     */
    <T> T record(String key, JsonNode value, Principal who, Supplier<T> apply) {
        return storing(() -> state.record(key, value, expiresAt(key, value), who.getName(), apply));
    }

    /**
     * When a stored change stops mattering: a blacklist entry or a penalty when its
     * blacklist ends (a shared store lets it expire then); never for the other kinds.
     */
    static Instant expiresAt(String key, JsonNode value) {
        String[] parts = interfaceKeyParts(key);
        boolean ends = parts.length == 3 && (parts[1].equals("blacklist") || parts[1].equals("penalties"));
        return ends && value.path("until").isString() ? Instant.parse(value.path("until").asString()) : null;
    }

    /**
     * Stores a settings patch merged into the one already stored under {@code key}, so
     * the stored patch does what every patch so far did, then applies it.
     * @throws AdminException.Unavailable when it could not be stored: nothing changed
     */
    <T> T recordPatch(String key, JsonNode patch, Principal who, Supplier<T> apply) {
        JsonNode earlier = state.find(key).map(StoredChange::value).orElse(null);
        return record(key, bodies.accumulate(earlier, patch), who, apply);
    }

    /**
     * Drops a stored change, then applies what {@code application.yml} says.
     * @throws AdminException.Unavailable when that could not be stored: nothing changed
     */
    <T> T forget(String key, Supplier<T> apply) {
        return forget(List.of(key), apply);
    }

    /**
     * Drops the stored changes under {@code keys}, then applies what
     * {@code application.yml} says.
     * @throws AdminException.Unavailable when that could not be stored: nothing changed
     */
    <T> T forget(List<String> keys, Supplier<T> apply) {
        return storing(() -> state.forget(keys, apply));
    }

    /**
     * Drops every stored change and puts the node back as {@code application.yml} has it.
     * @return what was dropped
     */
    List<StoredChange> dropAll() {
        return storing(() -> state.forgetAll(dropped -> dropped.forEach(this::revert)));
    }

    /** An admin call's change to the store: one that cannot be written answers 503. */
    private static <T> T storing(Supplier<T> change) {
        try {
            return change.get();
        }
        catch (StateWriteException e) {
            log.warn("A runtime change was refused because it could not be stored: {}", e.getMessage());
            throw new AdminException.Unavailable(
                    e.getMessage() + "; nothing was changed. The change can be made again once the store is writable.");
        }
    }

    /**
     * An abuse rule penalised an IP: the penalty is stored too, so a restart is no
     * amnesty. Written by a thread of its own (penalties are decided on event loops,
     * which must not wait for a disk), several at once when they come in a burst.
     */
    @EventListener
    public void penalised(BackboneEvent.Penalty penalty) {
        if (!storePenalties) {
            return;
        }
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        value.put("level", penalty.level());
        value.put("at", penalty.at().toString());
        value.put("until", penalty.at().plus(penalty.duration()).toString());
        value.put("reason", "abuse: " + penalty.rule() + " (level " + penalty.level() + ")");
        String key = penaltyKey(penalty.interfaceName(), penalty.ip());
        pendingPenalties.put(key, new RuntimeState.Stored(value, expiresAt(key, value)));
        if (penaltyWriteScheduled.compareAndSet(false, true)) {
            try {
                penaltyWriter.execute(this::writePenalties);
            }
            catch (RejectedExecutionException e) {
                // shutting down: destroy() writes what is pending
            }
        }
    }

    private void writePenalties() {
        penaltyWriteScheduled.set(false);
        Map<String, RuntimeState.Stored> batch = new HashMap<>();
        for (String key : List.copyOf(pendingPenalties.keySet())) {
            RuntimeState.Stored value = pendingPenalties.remove(key);
            if (value != null) {
                batch.put(key, value);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            state.store(batch, "abuse rules");
        }
        catch (StateWriteException e) {
            log.warn("{} abuse penalt{} could not be stored, so a restart would forget {}: {}", batch.size(),
                    batch.size() == 1 ? "y" : "ies", batch.size() == 1 ? "it" : "them", e.getMessage());
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        penaltyWriter.shutdown();
        penaltyWriter.awaitTermination(5, TimeUnit.SECONDS);
        writePenalties();
    }

    @Override
    public void afterSingletonsInstantiated() {
        state.applyReceivedWith(this);
        List<StoredChange> changes = state.changes();
        if (changes.isEmpty()) {
            return;
        }
        List<String> applied = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (StoredChange change : changes) {
            try {
                applied.add(apply(change));
            }
            catch (RuntimeException e) {
                skipped.add(change.key() + " (" + e.getMessage() + ")");
            }
        }
        log.info("{} runtime change{} applied from {}: {}", applied.size(), applied.size() == 1 ? "" : "s",
                state.location(), String.join("; ", applied));
        Map<String, RuntimeState.Stored> spent = spentPenalties();
        if (!spent.isEmpty()) {
            try {
                state.store(spent, "node");
            }
            catch (StateWriteException e) {
                log.warn("Spent abuse penalties could not be dropped from {}: {}", state.location(), e.getMessage());
            }
        }
        if (!skipped.isEmpty()) {
            log.warn(
                    "{} stored runtime change{} no longer fit{} application.yml and were not applied (still stored; "
                            + "DELETE /admin/state drops them): {}",
                    skipped.size(), skipped.size() == 1 ? "" : "s", skipped.size() == 1 ? "s" : "",
                    String.join("; ", skipped));
        }
    }

    /**
     * Applies a stored change (at startup, or made by another node of the cluster);
     * @return what it did, for the log line.
     */
    @Override
    public String apply(StoredChange change) {
        String key = change.key();
        JsonNode value = change.value();
        if (key.startsWith(TORRENTS)) {
            InfoHash hash = InfoHash.fromHex(key.substring(TORRENTS.length()));
            if (change.removal()) {
                gateway().registry().remove(hash);
                return "torrent " + hash + " removed";
            }
            BitTorrentProperties.Torrent torrent = bodies.read(value, BitTorrentProperties.Torrent.class, "infoHash",
                    hash.hex());
            torrent.addTo(gateway().registry());
            return "torrent " + hash + " '" + torrent.name() + "' -> " + torrent.upstream();
        }
        if (key.equals(GATEWAY_SETTINGS)) {
            BitTorrentGateway gateway = gateway();
            gateway.apply(bodies.patch(gateway.startupSettings(), value, GatewaySettings.class));
            return "BitTorrent gateway settings " + bodies.text(value);
        }
        String[] parts = interfaceKeyParts(key);
        if (parts.length > 0) {
            if (parts.length == 2 && parts[1].equals("settings")) {
                InterfaceSettings<?> target = InterfaceSettings.of(backbone, parts[0]);
                applyPatch(target, value);
                return target.what() + " " + bodies.text(value);
            }
            if (parts.length == 3 && parts[1].equals("blacklist")) {
                return blacklist(server(parts[0]), ip(parts[2]), value);
            }
            if (parts.length == 3 && parts[1].equals("penalties")) {
                return penalty(server(parts[0]), ip(parts[2]), value);
            }
        }
        throw new IllegalArgumentException("not a kind of change this release knows");
    }

    private <S extends Record> void applyPatch(InterfaceSettings<S> target, JsonNode patch) {
        target.settings().set(bodies.patch(target.settings().startup(), patch, target.type()));
    }

    private String blacklist(ServerInterface server, InetAddress ip, JsonNode value) {
        Instant until = Instant.parse(value.path("until").asString());
        Duration remaining = Duration.between(clock.instant(), until);
        String who = ip.getHostAddress() + " on backbone interface '" + server.name() + "'";
        if (remaining.isNegative() || remaining.isZero()) {
            return "blacklist of " + who + " (ended " + until + ")";
        }
        server.blacklist(ip, remaining, value.path("reason").asString());
        return "blacklist of " + who + " until " + until;
    }

    /**
     * An abuse penalty as stored: its level, when it was given, when its blacklist ends.
     */
    private record StoredPenalty(int level, Instant at, Instant until, String reason) {

        static StoredPenalty of(JsonNode value) {
            return new StoredPenalty(value.path("level").asInt(), Instant.parse(value.path("at").asString()),
                    Instant.parse(value.path("until").asString()), value.path("reason").asString());
        }

    }

    private String penalty(ServerInterface server, InetAddress ip, JsonNode value) {
        StoredPenalty penalty = StoredPenalty.of(value);
        server.restorePenalty(ip, penalty.level(), penalty.at(), penalty.until(), penalty.reason());
        return "abuse penalty of " + ip.getHostAddress() + " on backbone interface '" + server.name() + "' (level "
                + penalty.level()
                + (clock.instant().isBefore(penalty.until()) ? ", blacklisted until " + penalty.until() : "") + ")";
    }

    /**
     * Penalties whose blacklist has ended and whose level has decayed to nothing under
     * the interface's rules: no longer worth keeping.
     */
    private Map<String, RuntimeState.Stored> spentPenalties() {
        Map<String, RuntimeState.Stored> spent = new HashMap<>();
        Instant now = clock.instant();
        for (StoredChange change : state.changes()) {
            String[] parts = interfaceKeyParts(change.key());
            if (parts.length != 3 || !parts[1].equals("penalties")) {
                continue;
            }
            Optional<ServerInterface> server = backbone.server(parts[0]);
            if (server.isEmpty()) {
                continue;
            }
            try {
                StoredPenalty penalty = StoredPenalty.of(change.value());
                Duration decay = server.get().settings().current().abuse().penaltyDecayInterval();
                Instant levelGone = penalty.at().plus(decay.multipliedBy(Math.max(1, penalty.level())));
                if (!now.isBefore(penalty.until()) && !now.isBefore(levelGone)) {
                    spent.put(change.key(), null);
                }
            }
            catch (RuntimeException e) {
                // not readable as a penalty: left for the operator to see and drop
            }
        }
        return spent;
    }

    /** Puts back what {@code application.yml} has for what a change changed. */
    @Override
    public void revert(StoredChange change) {
        String key = change.key();
        String[] parts = interfaceKeyParts(key);
        try {
            if (key.startsWith(TORRENTS)) {
                InfoHash hash = InfoHash.fromHex(key.substring(TORRENTS.length()));
                Optional<BitTorrentProperties.Torrent> configured = bittorrent.getObject()
                    .torrents()
                    .stream()
                    .filter(torrent -> InfoHash.fromHex(torrent.infoHash()).equals(hash))
                    .findFirst();
                if (configured.isPresent()) {
                    configured.get().addTo(gateway().registry());
                }
                else {
                    gateway().registry().remove(hash);
                }
            }
            else if (key.equals(GATEWAY_SETTINGS)) {
                gateway().apply(gateway().startupSettings());
            }
            else if (parts.length == 2) {
                resetSettings(InterfaceSettings.of(backbone, parts[0]));
            }
            else if (parts.length == 3) {
                server(parts[0]).clear(ip(parts[2]));
            }
        }
        catch (AdminException e) {
            // what it changed is gone from application.yml: nothing to put back
        }
    }

    /**
     * A backbone key's parts after {@code backbone/interfaces/}: the interface's name,
     * the kind of change, and the IP for per-IP kinds; none for another key.
     */
    private static String[] interfaceKeyParts(String key) {
        return key.startsWith(INTERFACES) ? key.substring(INTERFACES.length()).split("/") : new String[0];
    }

    private static <S extends Record> void resetSettings(InterfaceSettings<S> target) {
        target.settings().set(target.settings().startup());
    }

    private BitTorrentGateway gateway() {
        BitTorrentGateway gateway = this.gateway.getIfAvailable();
        if (gateway == null) {
            throw new IllegalStateException("the BitTorrent gateway is off (peergate.bittorrent.enabled: false)");
        }
        return gateway;
    }

    private ServerInterface server(String name) {
        return backbone.server(name).orElseThrow(() -> new AdminException.NotFound("backbone server interface", name));
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // written by the node: always a
                                                   // literal
        }
        catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }

}

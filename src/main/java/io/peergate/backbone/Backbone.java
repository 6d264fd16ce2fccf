package io.peergate.backbone;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.peergate.support.Drainable;
import io.peergate.support.Durations;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.resources.LoopResources;

/**
 * The Reticulum backbone hub: its interfaces, the relay they share, one event loop group
 * for all of them, and the sweeper that enforces the idle and write-stall timeouts and
 * expires peer monitor entries. Every event goes to the recent-events ring, the meters
 * and the listener given (the Spring context publishes it as an application event).
 */
public final class Backbone implements Drainable {

    private static final Logger log = LoggerFactory.getLogger(Backbone.class);

    /**
     * How often idle and stalled peers are looked for; bounds how late a timeout can
     * fire.
     */
    static final Duration SWEEP_INTERVAL = Duration.ofMillis(100);

    /** How often peer monitor entries with nothing left to remember are dropped. */
    static final Duration EXPIRE_INTERVAL = Duration.ofSeconds(10);
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final BackboneSpec spec;

    private final FrameRelay relay;

    private final RecentEvents recent;

    private final BackboneMeters meters;

    private final EventPublisher publisher;

    private final AtomicLong ids = new AtomicLong();

    private final Map<String, ServerInterface> servers = new LinkedHashMap<>();

    /**
     * Replaced whole when a link is added or removed at runtime (a cluster's mesh), read
     * without a lock.
     */
    private volatile Map<String, ClientLink> links = Map.of();

    private final MeterRegistry registry;

    private final Clock clock;

    private final ReconnectPolicy reconnectPolicy;

    private volatile LoopResources loops;

    /**
     * Set from {@link #stopAccepting} to the stop: links added meanwhile stay stopped.
     */
    private boolean draining;

    private ScheduledExecutorService sweeper;

    private ClientLink.Delays delays;

    /**
     * @param listener gets every event on a thread of its own ({@link EventPublisher})
     */
    public Backbone(BackboneSpec spec, MeterRegistry registry, Consumer<BackboneEvent> listener, Clock clock) {
        this.spec = spec;
        this.relay = new FrameRelay(spec.dedupWindow(), spec.relayMode(), spec.relayMode() == RelayMode.LEARN
                ? new HubRoutes<>(System::nanoTime, spec.routeTtl().toNanos(), spec.routeTableSize()) : null);
        registerRelayMeters(registry);
        this.recent = new RecentEvents(spec.recentEvents());
        this.meters = new BackboneMeters(registry);
        this.publisher = new EventPublisher(listener, registry);
        this.registry = registry;
        this.clock = clock;
        this.reconnectPolicy = new ReconnectPolicy(() -> ThreadLocalRandom.current().nextDouble());
        for (ServerInterfaceSpec server : spec.servers()) {
            meters.registerServer(server.name());
            servers.put(server.name(),
                    new ServerInterface(server, relay, ids::incrementAndGet, this::emit, registry, clock));
        }
        Map<String, ClientLink> configured = new LinkedHashMap<>();
        for (ClientLinkSpec link : spec.links()) {
            configured.put(link.name(), newLink(link));
        }
        links = Collections.unmodifiableMap(configured);
    }

    private ClientLink newLink(ClientLinkSpec link) {
        meters.registerLink(link.name());
        return new ClientLink(link, relay, ids::incrementAndGet, this::emit, registry, clock, reconnectPolicy);
    }

    /**
     * Adds a client link and, when the hub is running, starts it.
     * @throws IllegalArgumentException when an interface has that name already
     */
    public synchronized ClientLink addLink(ClientLinkSpec spec) {
        if (links.containsKey(spec.name()) || servers.containsKey(spec.name())) {
            throw new IllegalArgumentException("an interface is named '" + spec.name() + "' already");
        }
        ClientLink link = newLink(spec);
        Map<String, ClientLink> next = new LinkedHashMap<>(links);
        next.put(spec.name(), link);
        links = Collections.unmodifiableMap(next);
        if (loops != null && !draining) {
            link.start(loops, delays);
        }
        return link;
    }

    /**
     * Stops and forgets a link added by {@link #addLink}, its meters with it.
     * @return false when there was no such link
     */
    public synchronized boolean removeLink(String name) {
        ClientLink link = links.get(name);
        if (link == null) {
            return false;
        }
        Map<String, ClientLink> next = new LinkedHashMap<>(links);
        next.remove(name);
        links = Collections.unmodifiableMap(next);
        link.stop();
        for (Meter meter : List.copyOf(registry.getMeters())) {
            if (meter.getId().getName().startsWith("peergate.backbone.")
                    && name.equals(meter.getId().getTag("interface"))) {
                registry.remove(meter);
            }
        }
        return true;
    }

    /**
     * Binds every server interface; if one cannot bind, the ones already bound are closed
     * again.
     */
    @Override
    public synchronized void start() {
        if (loops != null) {
            return;
        }
        loops = LoopResources.create("peergate-backbone", 1, Math.max(2, Runtime.getRuntime().availableProcessors()),
                true);
        List<ServerInterface> started = new ArrayList<>();
        try {
            for (ServerInterface server : servers.values()) {
                server.start(loops);
                started.add(server);
            }
        }
        catch (RuntimeException e) {
            started.forEach(server -> server.stop(SHUTDOWN_TIMEOUT));
            loops.dispose();
            loops = null;
            throw e;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "peergate-backbone-sweep");
            thread.setDaemon(true);
            return thread;
        });
        ScheduledExecutorService timers = sweeper;
        delays = (delay, task) -> timers.schedule(task, Durations.toNanos(delay), TimeUnit.NANOSECONDS);
        links.values().forEach(link -> link.start(loops, delays));
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        sweeper.scheduleWithFixedDelay(this::expire, EXPIRE_INTERVAL.toMillis(), EXPIRE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        sweeper.scheduleWithFixedDelay(relay::releaseHeldAnnounces, 1, 1, TimeUnit.SECONDS);
        log.info("Reticulum backbone started: {} server interface(s), {} client link(s)", servers.size(), links.size());
    }

    @Override
    public String describe() {
        return "Reticulum backbone";
    }

    /**
     * Closes every server interface's listener and every client link; the peers connected
     * to the server interfaces go on.
     */
    @Override
    public synchronized void stopAccepting() {
        if (loops == null) {
            return;
        }
        draining = true;
        links.values().forEach(ClientLink::stop);
        servers.values().forEach(server -> server.stopListening(SHUTDOWN_TIMEOUT));
    }

    /** Peers connected to the server interfaces. */
    @Override
    public int active() {
        int active = 0;
        for (ServerInterface server : servers.values()) {
            active += server.live();
        }
        return active;
    }

    @Override
    public synchronized void stop() {
        if (loops == null) {
            return;
        }
        sweeper.shutdownNow();
        sweeper = null;
        links.values().forEach(ClientLink::stop);
        servers.values().forEach(server -> server.stop(SHUTDOWN_TIMEOUT));
        loops.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).block(SHUTDOWN_TIMEOUT.plusSeconds(1));
        loops = null;
        draining = false;
        log.info("Reticulum backbone stopped");
    }

    @Override
    public boolean isRunning() {
        return loops != null;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (ServerInterface server : servers.values()) {
            try {
                server.sweep(now);
            }
            catch (RuntimeException e) {
                log.warn("[{}] sweep failed: {}", server.name(), e.toString(), e);
            }
        }
        for (ClientLink link : links.values()) {
            try {
                link.sweep(now);
            }
            catch (RuntimeException e) {
                log.warn("[{}] sweep failed: {}", link.name(), e.toString(), e);
            }
        }
    }

    private void expire() {
        servers.values().forEach(ServerInterface::expire);
        relay.sweep();
    }

    private void registerRelayMeters(MeterRegistry registry) {
        FunctionCounter.builder("peergate.backbone.forwarded", relay, FrameRelay::unicast)
            .description("Frames the hub passed on, by how: to one learned peer (unicast) or to every other (flood)")
            .tag("mode", "unicast")
            .register(registry);
        FunctionCounter.builder("peergate.backbone.forwarded", relay, FrameRelay::flooded)
            .description("Frames the hub passed on, by how: to one learned peer (unicast) or to every other (flood)")
            .tag("mode", "flood")
            .register(registry);
        FunctionCounter.builder("peergate.backbone.deliveries", relay, FrameRelay::deliveries)
            .description("Frames handed to destination peers; per forwarded frame, the hub's fan-out")
            .register(registry);
    }

    /**
     * Counted and remembered at once (both cheap and non-blocking); listeners get it on
     * the publisher's thread.
     */
    private void emit(BackboneEvent event) {
        recent.add(event);
        meters.count(event);
        publisher.publish(event);
    }

    public Map<String, ServerInterface> servers() {
        return servers;
    }

    public Optional<ServerInterface> server(String name) {
        return Optional.ofNullable(servers.get(name));
    }

    public Map<String, ClientLink> links() {
        return links;
    }

    public Optional<ClientLink> link(String name) {
        return Optional.ofNullable(links.get(name));
    }

    public FrameRelay relay() {
        return relay;
    }

    public List<BackboneEvent> recentEvents() {
        return recent.list();
    }

    public BackboneSpec spec() {
        return spec;
    }

}

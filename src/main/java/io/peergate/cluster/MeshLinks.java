package io.peergate.cluster;

import io.peergate.backbone.Backbone;
import io.peergate.backbone.ClientLink;
import io.peergate.backbone.ClientLinkSpec;
import io.peergate.backbone.ClientSettings;
import io.peergate.backbone.MeshRole;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's client links to the other members' mesh servers, named
 * {@code mesh-<node id>}: one per live member that can be reached, kept up by the link
 * machinery, dropped when the member leaves, replaced when it moves.
 */
public final class MeshLinks {

    private static final Logger log = LoggerFactory.getLogger(MeshLinks.class);

    public static final String PREFIX = "mesh-";

    private final Backbone backbone;

    private final String selfId;

    private final int hwMtu;

    private final ClientSettings settings;

    /** The member each link goes to, by link name. */
    private final Map<String, ClusterMember> linked = new LinkedHashMap<>();

    public MeshLinks(Backbone backbone, String selfId, int hwMtu, ClientSettings settings) {
        this.backbone = backbone;
        this.selfId = selfId;
        this.hwMtu = hwMtu;
        this.settings = settings;
    }

    static String linkName(String memberId) {
        return PREFIX + memberId;
    }

    /** Makes the links match {@code members} (this node among them or not). */
    public synchronized void follow(Collection<ClusterMember> members) {
        Map<String, ClusterMember> wanted = new LinkedHashMap<>();
        for (ClusterMember member : members) {
            if (!member.id().equals(selfId) && member.meshReachable()) {
                wanted.put(linkName(member.id()), member);
            }
        }
        for (Map.Entry<String, ClusterMember> entry : List.copyOf(linked.entrySet())) {
            ClusterMember now = wanted.get(entry.getKey());
            ClusterMember was = entry.getValue();
            if (now == null || !sameTarget(now, was)) {
                backbone.removeLink(entry.getKey());
                linked.remove(entry.getKey());
                log.info("Mesh link {} to cluster member {} at {}:{} dropped: {}", entry.getKey(), was.id(),
                        was.meshHost(), was.meshPort(), now == null ? "the member left" : "the member moved");
            }
        }
        wanted.forEach((name, member) -> {
            if (!linked.containsKey(name)) {
                try {
                    backbone.addLink(new ClientLinkSpec(name, member.meshHost(), member.meshPort(), hwMtu, settings,
                            MeshRole.OUTBOUND));
                    linked.put(name, member);
                    log.info("Mesh link {} to cluster member {} at {}:{} added", name, member.id(), member.meshHost(),
                            member.meshPort());
                }
                catch (IllegalArgumentException e) {
                    log.warn("Mesh link to cluster member {} not added: {}", member.id(), e.getMessage());
                }
            }
        });
    }

    private static boolean sameTarget(ClusterMember a, ClusterMember b) {
        return Objects.equals(a.meshHost(), b.meshHost()) && a.meshPort() == b.meshPort()
                && Objects.equals(a.instance(), b.instance());
    }

    /** Drops every mesh link (the node is leaving). */
    public synchronized void clear() {
        linked.keySet().forEach(backbone::removeLink);
        linked.clear();
    }

    /** The mesh links and the member each goes to. */
    public synchronized Map<ClientLink, ClusterMember> links() {
        Map<ClientLink, ClusterMember> links = new LinkedHashMap<>();
        linked.forEach((name, member) -> backbone.link(name).ifPresent(link -> links.put(link, member)));
        return links;
    }

}

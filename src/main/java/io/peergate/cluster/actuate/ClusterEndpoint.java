package io.peergate.cluster.actuate;

import io.peergate.backbone.actuate.LinkView;
import io.peergate.cluster.ClusterMember;
import io.peergate.cluster.ClusterNode;
import io.peergate.cluster.RedisReachability;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * Actuator endpoint {@code cluster}: this node, Redis as the node sees it, the state
 * revision it holds and when it last read the whole state, the live members, and this
 * node's mesh links with the member each goes to.
 */
@Endpoint(id = "cluster")
public class ClusterEndpoint {

    private final ClusterNode node;

    public ClusterEndpoint(ClusterNode node) {
        this.node = node;
    }

    public record Report(String cluster, String node, Redis redis, long revision, Instant lastSync,
            Instant lastHeartbeat, List<Member> members, List<MeshLink> meshLinks) {
    }

    public record Redis(String location, boolean reachable, Instant since, String lastError) {
    }

    /** A member; {@code self} marks this node. */
    public record Member(String id, boolean self, String meshHost, int meshPort, Instant startedAt) {
    }

    /** A mesh link: the member it goes to, and the link as the backbone shows it. */
    public record MeshLink(String member, LinkView link) {
    }

    @ReadOperation
    public Report report() {
        ClusterNode.View view = node.view();
        RedisReachability.Status redis = view.redis();
        List<Member> members = view.members()
            .stream()
            .map(member -> member(member, view.nodeId()))
            .sorted(Comparator.comparing(Member::id))
            .toList();
        List<MeshLink> links = node.mesh()
            .map(mesh -> mesh.links()
                .entrySet()
                .stream()
                .map(entry -> new MeshLink(entry.getValue().id(), LinkView.of(entry.getKey())))
                .toList())
            .orElse(List.of());
        return new Report(view.cluster(), view.nodeId(),
                new Redis(view.redisLocation(), redis.reachable(), redis.since(), redis.lastError()), view.revision(),
                view.lastSync(), view.lastHeartbeat(), members, links);
    }

    private static Member member(ClusterMember member, String self) {
        return new Member(member.id(), member.id().equals(self), member.meshHost(), member.meshPort(),
                member.startedAt());
    }

}

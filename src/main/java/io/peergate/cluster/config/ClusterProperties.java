package io.peergate.cluster.config;

import io.peergate.support.SizeRange;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code peergate.cluster.*}: how a node takes part in a cluster, which it does when
 * {@code peergate.state.store} is {@code redis}.
 *
 * @param name the cluster's name: every Redis key and channel of the cluster starts with
 * {@code peergate:{<name>}:}, so several clusters can share one Redis
 * @param nodeId this node's id among the members; empty takes {@code <host name>-<pid>}
 * @param sharePenalties whether the abuse rules' penalties are shared with the other
 * nodes (an operator's blacklist entries always are)
 * @param heartbeatInterval how often the node renews its membership and looks at the
 * others
 * @param memberTimeout a member that has not renewed for this long has left
 * @param mesh the cluster-internal backbone interface that links the nodes' hubs
 */
@ConfigurationProperties("peergate.cluster")
@Validated
public record ClusterProperties(
        @DefaultValue("peergate") @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}",
                message = "must be 1-64 letters, digits, '.', '_' or '-'") String name,
        @DefaultValue("") @Pattern(regexp = "|[A-Za-z0-9][A-Za-z0-9._-]{0,57}",
                message = "must be 1-58 letters, digits, '.', '_' or '-'") String nodeId,
        @DefaultValue("true") boolean sharePenalties,
        @DefaultValue("1s") @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 1) Duration heartbeatInterval,
        @DefaultValue("5s") @NotNull @DurationMin(millis = 300) @DurationMax(minutes = 10) Duration memberTimeout,
        @DefaultValue @NotNull @Valid Mesh mesh) {

    /** A member must be able to miss a heartbeat without being taken for gone. */
    @AssertTrue(message = "member-timeout must be at least twice heartbeat-interval")
    public boolean isMemberTimeoutLongEnough() {
        return heartbeatInterval == null || memberTimeout == null
                || memberTimeout.compareTo(heartbeatInterval.multipliedBy(2)) >= 0;
    }

    /**
     * The mesh: a backbone server interface for the other nodes' links, and a client link
     * from this node to each other member.
     *
     * @param enabled whether the nodes' hubs are linked (else they share state only)
     * @param interfaceName the mesh server interface's name; links are named
     * {@code mesh-<node id>}
     * @param listenAddress address the mesh server binds
     * @param port port the mesh server binds, 0 for any free one
     * @param advertiseHost the host or IP the other nodes connect to; empty takes this
     * machine's first non-loopback address (in Kubernetes, the pod IP)
     * @param advertisePort the port the other nodes connect to; 0 takes the bound port
     * @param maxQueued bytes a mesh link may have waiting to be sent
     * @param reconnectWait base wait before a mesh link reconnects
     */
    public record Mesh(@DefaultValue("true") boolean enabled,
            @DefaultValue("cluster-mesh") @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                    message = "must be 1-64 letters, digits, '.', '_' or '-'") String interfaceName,
            @DefaultValue("0.0.0.0") @NotBlank String listenAddress, @DefaultValue("4243") @Min(0) @Max(65535) int port,
            @DefaultValue("") String advertiseHost, @DefaultValue("0") @Min(0) @Max(65535) int advertisePort,
            @DefaultValue("4MB") @NotNull @SizeRange(min = "1KB", max = "1GB") DataSize maxQueued,
            @DefaultValue("1s") @NotNull @DurationMin(millis = 10) @DurationMax(minutes = 10) Duration reconnectWait) {
    }

}

package io.peergate.backbone.config;

import io.peergate.backbone.BackboneSpec;
import io.peergate.backbone.RelayMode;
import io.peergate.backbone.ClientLinkSpec;
import io.peergate.backbone.ServerInterfaceSpec;
import io.peergate.support.UniqueKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Reticulum backbone ({@code peergate.backbone.*}).
 *
 * @param dedupWindow how many recent packet hashes the relay remembers to drop duplicates
 * @param recentEvents how many recent backbone events the actuator keeps
 * @param interfaces the named server and client interfaces
 * @param relayMode {@code flood} (every frame to every other peer) or {@code learn}
 * (frames for a learned destination or link to its peer alone)
 * @param routeTtl how long a learned destination, transport id or idle link is kept
 * @param routeTableSize the most entries each learned table holds; the oldest goes
 */
@Validated
@ConfigurationProperties("peergate.backbone")
public record BackboneProperties(@DefaultValue("65536") @Min(16) @Max(16_777_216) int dedupWindow,
        @DefaultValue("256") @Min(1) @Max(100_000) int recentEvents,
        @DefaultValue @UniqueKeys(what = "interface name") List<@Valid InterfaceProperties> interfaces,
        @DefaultValue("learn") @NotNull RelayMode relayMode,
        @DefaultValue("30m") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 7) Duration routeTtl,
        @DefaultValue("65536") @Min(16) @Max(16_777_216) int routeTableSize) {

    /**
     * The hub these keys describe: server interfaces and client links, each in
     * configuration order.
     */
    public BackboneSpec spec() {
        List<ServerInterfaceSpec> servers = new ArrayList<>();
        List<ClientLinkSpec> links = new ArrayList<>();
        for (int i = 0; i < interfaces.size(); i++) {
            InterfaceProperties iface = interfaces.get(i);
            if (iface.mode() == InterfaceMode.SERVER) {
                servers.add(iface.serverSpec("peergate.backbone.interfaces[" + i + "]"));
            }
            else {
                links.add(iface.clientSpec());
            }
        }
        return new BackboneSpec(dedupWindow, recentEvents, servers, links, relayMode, routeTtl, routeTableSize);
    }
}

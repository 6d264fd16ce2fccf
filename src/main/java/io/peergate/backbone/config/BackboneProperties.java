package io.peergate.backbone.config;

import io.peergate.support.UniqueKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Reticulum backbone ({@code peergate.backbone.*}).
 *
 * @param dedupWindow how many recent packet hashes the relay remembers to drop duplicates
 * @param recentEvents how many recent backbone events the actuator keeps
 * @param interfaces the named server and client interfaces
 */
@Validated
@ConfigurationProperties("peergate.backbone")
public record BackboneProperties(
        @DefaultValue("65536") @Min(16) @Max(16_777_216) int dedupWindow,
        @DefaultValue("256") @Min(1) @Max(100_000) int recentEvents,
        @DefaultValue @UniqueKeys(what = "interface name") List<@Valid InterfaceProperties> interfaces) {}

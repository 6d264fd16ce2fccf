package io.peergate.state.config;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code peergate.state.*}: where runtime changes made through the admin API are kept.
 *
 * @param store {@code file} keeps them in {@code <dir>/state.json} across restarts;
 * {@code memory} forgets them at restart; {@code redis} keeps them in Redis
 * ({@code spring.data.redis.*}), shared by the nodes of a cluster
 * ({@code peergate.cluster.*})
 * @param dir the directory of {@code state.json}, relative to the working directory
 */
@ConfigurationProperties("peergate.state")
@Validated
public record StateProperties(@DefaultValue("file") @NotNull Store store, @DefaultValue("./data") @NotNull Path dir) {

    /** Where runtime changes are kept. */
    public enum Store {

        FILE, MEMORY, REDIS

    }

}

package io.peergate.config;

import io.peergate.state.RuntimeState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/info} {@code state}, for ADMIN only (it names a path on the node):
 * where runtime changes are kept, how many there are, and the store's last successful
 * write.
 */
@Component
record StateInfoContributor(RuntimeState state) implements InfoContributor {

    @Override
    public void contribute(Info.Builder info) {
        if (!PeergateInfoContributor.admin()) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", state.kind());
        details.put("location", state.location());
        details.put("changes", state.changes().size());
        details.put("lastWrite", state.lastWrite().map(Object::toString).orElse(null));
        info.withDetail("state", details);
    }

}

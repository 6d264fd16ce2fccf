package io.peergate.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.JavaInfo;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * {@code /actuator/info}: the application's name and version for anyone; build details
 * and the Java runtime only for ADMIN, since a runtime's vendor and version help an
 * attacker more than an operator.
 */
record PeergateInfoContributor(String name, BuildProperties build) implements InfoContributor {

    @Override
    public void contribute(Info.Builder info) {
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("name", name);
        app.put("version", build != null ? build.getVersion() : "unknown");
        info.withDetail("app", app);
        if (!admin()) {
            return;
        }
        if (build != null) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("group", build.getGroup());
            details.put("artifact", build.getArtifact());
            details.put("time", build.getTime());
            info.withDetail("build", details);
        }
        info.withDetail("java", new JavaInfo());
    }

    static boolean admin() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        return caller != null && caller.isAuthenticated() && caller.getAuthorities()
            .stream()
            .anyMatch(authority -> ("ROLE_" + SecurityConfiguration.ADMIN_ROLE).equals(authority.getAuthority()));
    }

}

package io.peergate.admin;

import io.peergate.backbone.Backbone;
import io.peergate.backbone.ClientLink;
import io.peergate.backbone.ClientSettings;
import io.peergate.backbone.ServerSettings;
import io.peergate.support.RuntimeSettings;
import java.util.Optional;

/**
 * A backbone interface's runtime settings (a server's or a client link's), the record
 * type a PATCH body binds to, and how a log line names them.
 */
record InterfaceSettings<S extends Record>(RuntimeSettings<S> settings, Class<S> type, String what) {

    /**
     * @throws AdminException.NotFound when no interface has that name
     */
    static InterfaceSettings<?> of(Backbone backbone, String name) {
        Optional<ClientLink> link = backbone.link(name);
        if (link.isPresent()) {
            return new InterfaceSettings<>(link.get().settings(), ClientSettings.class,
                    "backbone link '" + name + "' settings (from the next attempt)");
        }
        return backbone.server(name)
            .map(server -> new InterfaceSettings<>(server.settings(), ServerSettings.class,
                    "backbone interface '" + name + "' settings"))
            .orElseThrow(() -> new AdminException.NotFound("interface", name));
    }

    BackboneAdminController.SettingsAnswer<S> answer() {
        return new BackboneAdminController.SettingsAnswer<>(settings.current(), settings.startup());
    }

}

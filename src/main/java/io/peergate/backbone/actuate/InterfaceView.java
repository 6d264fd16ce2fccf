package io.peergate.backbone.actuate;

import io.peergate.backbone.ServerInterface;
import io.peergate.backbone.ServerSettings;
import io.peergate.support.Addresses;
import java.util.List;
import org.springframework.util.unit.DataSize;

/** A backbone interface as the admin API and the actuator show it. */
public record InterfaceView(String name, String mode, boolean listening, String address, int live, long framesIn,
        long framesOut, DataSize hwMtu, ServerSettings settings, ServerSettings startupSettings,
        List<ConnectionView> connections, List<PeerStateView> peers) {

    public static InterfaceView of(ServerInterface server) {
        return new InterfaceView(server.name(), "server", server.isListening(),
                server.boundAddress().map(Addresses::hostPort).orElse(null), server.live(), server.meters().framesIn(),
                server.meters().framesOut(), DataSize.ofBytes(server.spec().hwMtu()), server.settings().current(),
                server.settings().startup(), server.peers().stream().map(ConnectionView::of).toList(),
                server.monitorEntries().stream().map(entry -> PeerStateView.of(server.name(), entry)).toList());
    }
}

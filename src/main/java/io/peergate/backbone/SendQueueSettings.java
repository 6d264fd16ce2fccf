package io.peergate.backbone;

import org.springframework.util.unit.DataSize;

/**
 * The send-queue keys every backbone interface has, server or client: read by each peer
 * at every frame, so a change applies to live peers at once.
 */
public interface SendQueueSettings {

    /** Bytes a peer may have waiting (in the node's queue and the socket's buffer). */
    DataSize maxQueued();

    QueueFullAction onQueueFull();

}

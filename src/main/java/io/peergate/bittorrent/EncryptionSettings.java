package io.peergate.bittorrent;

import io.peergate.bittorrent.wire.mse.MseResponder;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Message Stream Encryption on the peer side ({@code peergate.bittorrent.encryption.*}):
 * whether the gateway answers peers whose first byte is not {@code 0x13} with an MSE
 * handshake, and which method it picks from what they offer. Read at each accept, so a
 * change reaches the next connection.
 *
 * @param enabled off: such peers are refused as {@code encrypted}, as before the gateway
 * spoke MSE
 * @param select {@code prefer-plaintext} (relay raw bytes when the peer offers plaintext,
 * RC4 both ways when it offers only RC4), {@code prefer-rc4} or {@code rc4-only}
 */
public record EncryptionSettings(@DefaultValue("true") boolean enabled,
        @DefaultValue("prefer-plaintext") @NotNull MseResponder.Selection select) {

    public static final EncryptionSettings DEFAULT = new EncryptionSettings(true,
            MseResponder.Selection.PREFER_PLAINTEXT);

}

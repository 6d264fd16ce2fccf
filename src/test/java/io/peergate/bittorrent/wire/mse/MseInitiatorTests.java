package io.peergate.bittorrent.wire.mse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The initiator and the responder against each other, with the bytes between them cut
 * into random pieces: every pair of selection policy and offer ends in the method the
 * policy picks, with streams that line up, or in the policy's refusal.
 */
class MseInitiatorTests {

    private static final byte[] INFO_HASH = HexFormat.of().parseHex("89abcdef0123456789abcdef0123456789abcdef");

    private final SecureRandom secure = new SecureRandom();

    private final Random random = new Random(5);

    private record Outcome(MseInitiator.Step initiator, MseResponder.Step responder) {
    }

    private Outcome run(MseResponder.Selection selection, int provide, byte[] payload) {
        byte[] known = MseHashes.req2(INFO_HASH);
        MseResponder responder = new MseResponder(secure, req2 -> Arrays.equals(req2, known) ? INFO_HASH : null,
                selection);
        MseInitiator initiator = new MseInitiator(secure, INFO_HASH, provide, payload);
        byte[] toResponder = initiator.open();
        MseInitiator.Step a = null;
        MseResponder.Step b = null;
        for (int turn = 0; turn < 10; turn++) {
            ByteArrayOutputStream toInitiator = new ByteArrayOutputStream();
            for (int at = 0; at < toResponder.length && !(b instanceof MseResponder.Established)
                    && !(b instanceof MseResponder.Failed);) {
                int piece = Math.min(toResponder.length - at, 1 + random.nextInt(300));
                b = responder.receive(toResponder, at, piece);
                at += piece;
                if (b instanceof MseResponder.Continue next) {
                    toInitiator.writeBytes(next.reply());
                }
                else if (b instanceof MseResponder.Established done) {
                    toInitiator.writeBytes(done.reply());
                }
            }
            if (b instanceof MseResponder.Failed) {
                return new Outcome(a, b);
            }
            byte[] bytes = toInitiator.toByteArray();
            ByteArrayOutputStream next = new ByteArrayOutputStream();
            for (int at = 0; at < bytes.length && !(a instanceof MseInitiator.Established)
                    && !(a instanceof MseInitiator.Failed);) {
                int piece = Math.min(bytes.length - at, 1 + random.nextInt(300));
                a = initiator.receive(bytes, at, piece);
                at += piece;
                if (a instanceof MseInitiator.Continue more) {
                    next.writeBytes(more.reply());
                }
            }
            if (a instanceof MseInitiator.Established || a instanceof MseInitiator.Failed) {
                return new Outcome(a, b);
            }
            toResponder = next.toByteArray();
        }
        throw new AssertionError("no end after ten turns: " + a + " / " + b);
    }

    @Test
    void everyPolicyAndOfferEndsAsThePolicySays() {
        byte[] handshake = new byte[68];
        random.nextBytes(handshake);
        for (MseResponder.Selection selection : MseResponder.Selection.values()) {
            for (int provide : new int[] { MseResponder.PLAINTEXT, MseResponder.RC4,
                    MseResponder.PLAINTEXT | MseResponder.RC4 }) {
                int expected = selection.choose(provide);
                Outcome outcome = run(selection, provide, handshake);
                if (expected == 0) {
                    assertThat(outcome.responder()).isEqualTo(new MseResponder.Failed("mse-no-common-method"));
                    continue;
                }
                MseInitiator.Established a = (MseInitiator.Established) outcome.initiator();
                MseResponder.Established b = (MseResponder.Established) outcome.responder();
                assertThat(a.method()).as("%s, offered %d", selection, provide).isEqualTo(expected);
                assertThat(b.method()).isEqualTo(expected);
                assertThat(b.initialPayload()).isEqualTo(handshake);
                assertThat(b.infoHash()).isEqualTo(INFO_HASH);
                assertThat(a.rest()).isEmpty();
                byte[] data = new byte[1000];
                random.nextBytes(data);
                byte[] wire = data.clone();
                a.encrypt().apply(wire, 0, wire.length);
                b.decrypt().apply(wire, 0, wire.length);
                assertThat(wire).isEqualTo(data);
                b.encrypt().apply(wire, 0, wire.length);
                a.decrypt().apply(wire, 0, wire.length);
                assertThat(wire).isEqualTo(data);
            }
        }
    }

    @Test
    void anAnswerWithoutTheVerificationConstantIsLost() {
        MseInitiator initiator = new MseInitiator(secure, INFO_HASH, MseResponder.RC4, new byte[68]);
        initiator.open();
        byte[] answer = new byte[96 + MseResponder.MAX_PAD + 8];
        random.nextBytes(answer);
        System.arraycopy(new MseKeyExchange(secure).publicKey(), 0, answer, 0, 96);
        assertThat(initiator.receive(answer, 0, answer.length)).isEqualTo(new MseInitiator.Failed("mse-no-sync"));
    }

}

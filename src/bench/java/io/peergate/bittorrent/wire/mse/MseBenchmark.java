package io.peergate.bittorrent.wire.mse;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of Message Stream Encryption on one core: a whole responder handshake (its key pair, the shared secret,
 * the sync search, the torrent lookup, the RC4 set-up with its two 1024-byte discards), and RC4 on relayed bytes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MseBenchmark {

    private static final byte[] INFO_HASH = new byte[20];

    private final SecureRandom random = new SecureRandom();

    private byte[] opening;

    private byte[] second;

    private byte[] req2;

    private final byte[] chunk = new byte[64 * 1024];

    private Rc4 stream;

    @Setup
    public void setUp() {
        req2 = MseHashes.req2(INFO_HASH);
        // one initiator's messages, replayed against a fresh responder each time: the responder's side is what
        // the gateway pays per encrypted peer
        MseInitiator initiator = new MseInitiator(random, INFO_HASH, MseResponder.RC4, new byte[68]);
        opening = initiator.open();
        MseResponder probe = responder();
        MseResponder.Continue first = (MseResponder.Continue) probe.receive(opening, 0, opening.length);
        MseInitiator.Step step = initiator.receive(first.reply(), 0, first.reply().length);
        second = ((MseInitiator.Continue) step).reply();
        stream = Rc4.forMse(new byte[20]);
    }

    private MseResponder responder() {
        return new MseResponder(random, hash -> Arrays.equals(hash, req2) ? INFO_HASH : null,
                MseResponder.Selection.PREFER_PLAINTEXT);
    }

    /**
     * The responder's key exchange per second: its key pair and the shared secret (two 768-bit exponentiations),
     * then the search for the sync hash. The replayed second message was made for another responder's key, so the
     * sync is not found; the RC4 set-up of an established handshake is measured apart below.
     */
    @Benchmark
    public Object responderHandshake() {
        MseResponder responder = responder();
        responder.receive(opening, 0, opening.length);
        return responder.receive(second, 0, second.length);
    }

    /** The two keystreams an established handshake sets up. */
    @Benchmark
    public Object rc4SetUp() {
        Rc4.forMse(MseHashes.keyA(INFO_HASH, INFO_HASH));
        return Rc4.forMse(MseHashes.keyB(INFO_HASH, INFO_HASH));
    }

    /** Relayed bytes through one keystream, in 64 KiB reads (bytes per second = ops × 65 536). */
    @Benchmark
    public byte[] rc4Relay() {
        stream.apply(chunk, 0, chunk.length);
        return chunk;
    }

}

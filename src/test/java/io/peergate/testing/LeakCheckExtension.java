package io.peergate.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class whose code leaked a ByteBuf. Registered for every test class
 * (service loader); it records what Netty's detector (PARANOID in the build) reports,
 * forces a collection after the class and fails on any report.
 */
public final class LeakCheckExtension implements AfterAllCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                    long maxActive) {
                return new ResourceLeakDetector<>(resource, samplingInterval) {
                    @Override
                    protected void reportTracedLeak(String resourceType, String records) {
                        LEAKS.add(resourceType + " leaked:" + records);
                        super.reportTracedLeak(resourceType, records);
                    }

                    @Override
                    protected void reportUntracedLeak(String resourceType) {
                        LEAKS.add(resourceType + " leaked (untraced)");
                        super.reportUntracedLeak(resourceType);
                    }
                };
            }
        });
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        // Leaks surface when the detector, on a later allocation, finds a collected
        // buffer that was never released.
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(50);
            for (int i = 0; i < 64; i++) {
                ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(16);
                pooled.release();
                ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.buffer(16);
                unpooled.release();
            }
        }
        if (!LEAKS.isEmpty()) {
            String report = String.join("\n\n", LEAKS);
            LEAKS.clear();
            throw new AssertionError("ByteBuf leak(s) detected after " + context.getDisplayName() + ":\n" + report);
        }
    }

}

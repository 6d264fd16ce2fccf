package io.peergate.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mockito.Mockito;

/** The leak check itself can fail: an unreleased buffer makes it throw. */
class LeakCheckExtensionTests {

    @Test
    void reportsAnUnreleasedBuffer() {
        leak();
        ExtensionContext context = Mockito.mock(ExtensionContext.class);
        Mockito.when(context.getDisplayName()).thenReturn("leaky");
        assertThatThrownBy(() -> {
            for (int attempt = 0; attempt < 20; attempt++) {
                new LeakCheckExtension().afterAll(context);
            }
        }).isInstanceOf(AssertionError.class).hasMessageContaining("leak");
    }

    private static void leak() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(32);
        buf.writeInt(42);
        // dropped without release on purpose
    }

}

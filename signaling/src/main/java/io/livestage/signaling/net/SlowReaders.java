package io.livestage.signaling.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;

/**
 * Cutting off a client that does not read what we send. Its connection can hold no more than the
 * write buffer's high-water mark in our memory, and up to the kernel's send buffer (several MiB)
 * beside it; a graceful close would wait for both to drain into a reader that has stopped.
 */
public final class SlowReaders {
    private SlowReaders() {
    }

    /**
     * Closes at once with a reset: SO_LINGER 0 makes the kernel drop what is still queued instead
     * of trying to deliver it, so the memory is freed now and the peer sees the end at once.
     */
    public static void reset(Channel channel) {
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (ChannelException e) {
            // The socket went away in between: closing below is all that is left to do.
        }
        channel.close();
    }
}

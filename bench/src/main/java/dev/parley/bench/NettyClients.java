package dev.parley.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * WebSocket connections for the scenarios with thousands of members (Netty, on two event-loop threads): the JDK's
 * client costs the load generator more per frame than the server spends sending it, and the load generator shares the
 * cores with the server. Frames are handed over as their UTF-8 bytes, in arrival order per connection, on an event-loop
 * thread: neither a String made of them nor Netty's UTF-8 validation of every text frame (the frames are parsed as JSON
 * anyway, which fails on malformed UTF-8) is worth a core shared with the server.
 */
final class NettyClients implements AutoCloseable {

    private static final byte[] SYNCED = "{\"type\":\"synced\"".getBytes(StandardCharsets.US_ASCII);

    /** Linux's epoll directly where Netty's native transport loads (fewer system calls per read), else Java's NIO. */
    private static final boolean EPOLL = io.netty.channel.epoll.Epoll.isAvailable();

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2,
            EPOLL ? io.netty.channel.epoll.EpollIoHandler.newFactory() : NioIoHandler.newFactory());

    /** One connection: send frames, learn why it closed. */
    static final class Connection {
        private final Channel channel;
        private volatile String closeReason;

        private Connection(Channel channel) {
            this.channel = channel;
        }

        /** Queues a text frame (written by the event loop, in order). */
        void sendText(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
        }

        /** Why the connection closed, or null while it is open. */
        String closeReason() {
            return closeReason;
        }

        void close() {
            channel.close();
        }
    }

    /**
     * Connects with the bearer token, sends the {@code sync} every connection starts with (the server holds message
     * frames until the first frame) and waits for {@code synced}; every WebSocket message's UTF-8 bytes go to
     * {@code frames}.
     */
    Connection connect(URI ws, String token, Consumer<byte[]> frames, Duration timeout) {
        CompletableFuture<Void> handshake = new CompletableFuture<>();
        CountDownLatch synced = new CountDownLatch(1);
        Connection[] made = new Connection[1];
        Bootstrap bootstrap = new Bootstrap().group(loops)
                .channel(EPOLL ? io.netty.channel.epoll.EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                                .webSocketUri(ws)
                                .customHeaders(new DefaultHttpHeaders().add("Authorization", "Bearer " + token))
                                .maxFramePayloadLength(1 << 20)
                                .handshakeTimeoutMillis(timeout.toMillis())
                                .withUTF8Validator(false)
                                .build();
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(1 << 20),
                                new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                                        byte[] utf8 = ByteBufUtil.getBytes(frame.content());
                                        if (synced.getCount() > 0 && startsWith(utf8, SYNCED)) {
                                            synced.countDown();
                                        }
                                        frames.accept(utf8);
                                    }

                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                        if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent
                                                .HANDSHAKE_COMPLETE) {
                                            handshake.complete(null);
                                        }
                                        ctx.fireUserEventTriggered(event);
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        if (made[0] != null && made[0].closeReason == null) {
                                            made[0].closeReason = "closed by the server";
                                        }
                                        handshake.completeExceptionally(new IllegalStateException("closed"));
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        if (made[0] != null) {
                                            made[0].closeReason = "error: " + cause;
                                        }
                                        handshake.completeExceptionally(cause);
                                        ctx.close();
                                    }
                                });
                    }
                });
        try {
            Channel channel = bootstrap.connect(ws.getHost(), ws.getPort()).sync().channel();
            made[0] = new Connection(channel);
            handshake.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            made[0].sendText("{\"type\":\"sync\",\"since\":{}}");
            if (!synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                channel.close();
                throw new IllegalStateException("no synced within " + timeout);
            }
            return made[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("WebSocket handshake failed: " + e, e);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public void close() {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

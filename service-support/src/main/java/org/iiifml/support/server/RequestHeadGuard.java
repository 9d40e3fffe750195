package org.iiifml.support.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.iiifml.support.problem.Problem;
import org.iiifml.support.problem.ProblemType;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards the part of a request that Reactor Netty handles before WebFlux sees it: the request line and the
 * headers.
 * <ul>
 * <li>A request whose headers have not all arrived {@code headerTimeout} after its first byte is answered
 * 408 and the connection closed, so that clients trickling headers cannot hold connections open (an idle
 * connection between requests is the idle timeout's, {@code server.netty.idle-timeout}).
 * <li>A request line or headers past their limits are answered 414 or 431 as problems, where Reactor Netty
 * would answer with an empty body; any other head the decoder cannot read is a 400 problem.
 * </ul>
 * Two handlers around the HTTP codec share one state: the one before it sees the first byte of a request,
 * the one after it sees the decoded head.
 */
public final class RequestHeadGuard {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HEAD = "suite.requestHead";

    private final Duration headerTimeout;
    private ScheduledFuture<?> timer;
    private boolean inRequest;
    private boolean refused;

    private RequestHeadGuard(Duration headerTimeout) {
        this.headerTimeout = headerTimeout;
    }

    /** Adds the guard to a connection's pipeline, around Reactor Netty's HTTP/1.1 codec (none there: nothing). */
    public static void install(Channel channel, Duration headerTimeout) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(NettyPipeline.HttpCodec) == null) {
            return;
        }
        RequestHeadGuard guard = new RequestHeadGuard(headerTimeout);
        pipeline.addBefore(NettyPipeline.HttpCodec, "suite.requestHeadBytes", guard.new Bytes());
        pipeline.addAfter(NettyPipeline.HttpCodec, HEAD, guard.new Head());
    }

    /** Before the codec: the first bytes of a request start the clock. */
    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (refused) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (!inRequest && timer == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                timer = ctx.executor().schedule(() -> timedOut(ctx), headerTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }
    }

    /** After the codec: a decoded head stops the clock, a head the decoder refused is answered here. */
    private final class Head extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (refused) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpRequest request) {
                cancel();
                if (request.decoderResult().isFailure()) {
                    ReferenceCountUtil.release(msg);
                    Throwable cause = request.decoderResult().cause();
                    if (cause instanceof TooLongHttpHeaderException) {
                        refuse(ctx, ProblemType.HEADERS_TOO_LARGE, "the request's headers are larger than this service takes"
                                + " (server.max-http-request-header-size)");
                    } else if (cause instanceof TooLongHttpLineException) {
                        refuse(ctx, ProblemType.URI_TOO_LONG, "the request line is longer than this service takes"
                                + " (server.netty.max-initial-line-length)");
                    } else {
                        refuse(ctx, ProblemType.BAD_REQUEST, "the request's line or headers are not valid HTTP");
                    }
                    return;
                }
                inRequest = true;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof LastHttpContent) {
                inRequest = false; // the answer is out: the next bytes start the next request's clock
            }
            ctx.write(msg, promise);
        }
    }

    private void timedOut(ChannelHandlerContext ctx) {
        timer = null;
        if (!inRequest && !refused && ctx.channel().isActive()) {
            refuse(ctx, ProblemType.REQUEST_TIMEOUT, "the request's headers did not arrive within " + headerTimeout.toMillis()
                    + " ms (suite.server.header-timeout)");
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Answers the problem on the wire, past WebFlux (which never saw this request), and closes. */
    private void refuse(ChannelHandlerContext ctx, ProblemType type, String detail) {
        refused = true;
        byte[] body = JSON.writeValueAsBytes(new Problem(type, type.status().value(), detail, null, Map.of()).toMap());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(type.status().value()),
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // Written from the guard after the codec, so that the codec encodes it; WebFlux never sees this request.
        ChannelHandlerContext head = ctx.pipeline().context(HEAD);
        (head == null ? ctx : head).writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}

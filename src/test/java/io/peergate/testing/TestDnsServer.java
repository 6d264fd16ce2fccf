package io.peergate.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A name server on 127.0.0.1 (UDP, an ephemeral port) whose answers a test sets per name:
 * an IPv4 address, "no such name", or silence (a server that never answers). Every
 * question it receives is recorded.
 */
public final class TestDnsServer implements AutoCloseable {

    private sealed interface Answer {

    }

    private record Address(InetAddress address) implements Answer {
    }

    private record NoSuchName() implements Answer {
    }

    private record Silence() implements Answer {
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private final List<String> questions = new CopyOnWriteArrayList<>();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    private final Channel channel;

    public TestDnsServer() {
        channel = new Bootstrap().group(group)
            .channel(NioDatagramChannel.class)
            .handler(new ChannelInitializer<NioDatagramChannel>() {
                @Override
                protected void initChannel(NioDatagramChannel ch) {
                    ch.pipeline()
                        .addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(), new Responder());
                }
            })
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .syncUninterruptibly()
            .channel();
    }

    public TestDnsServer address(String name, InetAddress address) {
        answers.put(name, new Address(address));
        return this;
    }

    public TestDnsServer noSuchName(String name) {
        answers.put(name, new NoSuchName());
        return this;
    }

    public TestDnsServer silent(String name) {
        answers.put(name, new Silence());
        return this;
    }

    /** How many questions about {@code name} arrived so far. */
    public long questionsAbout(String name) {
        return questions.stream().filter(name::equals).count();
    }

    /** Points a resolver at this server only. */
    public DnsServerAddressStreamProvider provider() {
        return new SingletonDnsServerAddressStreamProvider((InetSocketAddress) channel.localAddress());
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Responder extends SimpleChannelInboundHandler<DatagramDnsQuery> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            String name = question.name().endsWith(".") ? question.name().substring(0, question.name().length() - 1)
                    : question.name();
            questions.add(name);
            Answer answer = answers.getOrDefault(name, new NoSuchName());
            if (answer instanceof Silence) {
                return;
            }
            DnsResponseCode code = answer instanceof NoSuchName ? DnsResponseCode.NXDOMAIN : DnsResponseCode.NOERROR;
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id(),
                    DnsOpCode.QUERY, code);
            response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type()));
            if (answer instanceof Address address && question.type() == DnsRecordType.A) {
                response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), DnsRecordType.A, 60,
                        Unpooled.wrappedBuffer(address.address().getAddress())));
            }
            ctx.writeAndFlush(response);
        }

    }

}

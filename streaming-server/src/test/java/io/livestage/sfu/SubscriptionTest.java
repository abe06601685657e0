package io.livestage.sfu;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsConfig;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.metrics.SfuMetrics.TransportRole;
import io.livestage.sfu.sdp.HostCandidate;
import io.livestage.sfu.sdp.LocalTransportDescription;
import io.livestage.sfu.transport.TransportRegistry;
import io.livestage.sfu.transport.WebRtcTransport;
import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.protocol.MessageLimits;
import io.livestage.signaling.session.Session;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a subscription pushes offers: never before the first one, which is the media.subscribe reply. */
class SubscriptionTest {
    private final SecureRandom random = new SecureRandom();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Session viewer = new Session("viewer-session", channel, new MessageCodec(new MessageLimits(100, 500)),
            new SignalingMetrics(() -> 1, () -> 1, () -> 1));
    private final Router router = new Router("r1");
    private final Subscription subscription = subscription();

    @Test
    void aChangeBeforeTheFirstOfferIsLeftToThatOffer() {
        router.add(subscription);
        subscription.publishersChanged();
        assertNull(channel.readOutbound(), "an offer event would reach the viewer before its media.subscribe reply");
    }

    @Test
    void aChangeAfterTheFirstOfferWaitsForItsAnswer() {
        router.add(subscription);
        subscription.firstOffer();
        subscription.publishersChanged();
        assertNull(channel.readOutbound(), "a second offer while the first awaits its answer");
    }

    private Subscription subscription() {
        IceCredentials local = IceCredentials.random(random);
        DtlsCertificate certificate = DtlsCertificate.generate(random);
        TransportRegistry registry = new TransportRegistry();
        WebRtcTransport transport = new WebRtcTransport(TransportRole.SUBSCRIBER, "viewer", local, certificate,
                DtlsConfig.DEFAULT, Duration.ofSeconds(30), Runnable::run, registry, new SfuMetrics(registry::count),
                new WebRtcTransport.Listener() {
                    @Override
                    public void connected(WebRtcTransport connected) {
                    }

                    @Override
                    public void closed(WebRtcTransport gone, String reason) {
                    }
                });
        return new Subscription("s1", viewer, router, transport, new LocalTransportDescription(local,
                certificate.fingerprint().value(), List.of(new HostCandidate("127.0.0.1", 9))), 1);
    }
}

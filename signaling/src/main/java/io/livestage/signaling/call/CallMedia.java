package io.livestage.signaling.call;

import static io.livestage.signaling.session.Replies.reply;

import io.livestage.signaling.media.MediaPlane;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.protocol.ServerMessage;

/**
 * The media requests of a call party connected to another node, answered by the call's node as the dispatcher
 * answers its own connections': the party's media then flows to this node directly (the answers and offers carry
 * this node's candidates), so a 1:1 call crosses no relay.
 */
record CallMedia(MediaPlane media, Consultation call, RemoteParty party) {
    void handle(ClientMessage request) {
        String roomId = call.roomId();
        if (!call.hasParty(party)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "join room " + roomId + " first");
        }
        if (request instanceof ClientMessage.MediaPublish publish) {
            String userId = party.identity().userId();
            reply(party, publish.id(), media.publish(party, roomId, publish.sdp(), live -> call.publisherChanged(userId, live)),
                    answer -> new ServerMessage.MediaAnswer(publish.id(), roomId, answer));
        } else if (request instanceof ClientMessage.MediaUnpublish) {
            media.unpublish(party, roomId);
        } else if (request instanceof ClientMessage.MediaSubscribe subscribe) {
            reply(party, subscribe.id(), media.subscribe(party, roomId), offer ->
                    new ServerMessage.MediaOffer(subscribe.id(), roomId, offer.subscriptionId(), offer.sdp()));
        } else if (request instanceof ClientMessage.MediaAnswer answer) {
            reply(party, answer.id(), media.answer(party, answer.subscriptionId(), answer.sdp()),
                    done -> new ServerMessage.MediaOk(answer.id(), answer.subscriptionId()));
        } else if (request instanceof ClientMessage.MediaLayer layer) {
            media.layer(party, layer.subscriptionId(), layer.layer());
            party.send(new ServerMessage.MediaOk(layer.id(), layer.subscriptionId()));
        } else if (request instanceof ClientMessage.MediaUnsubscribe unsubscribe) {
            media.unsubscribe(party, unsubscribe.subscriptionId());
        } else if (request instanceof ClientMessage.MediaCandidate candidate) {
            media.candidate(party, roomId, candidate.candidate());
        } else if (request instanceof ClientMessage.MediaRestart restart) {
            reply(party, restart.id(), media.restart(party, roomId), offer ->
                    new ServerMessage.MediaOffer(restart.id(), roomId, offer.subscriptionId(), offer.sdp()));
        } else {
            throw ProtocolException.badRequest(request.type() + " is not answered for a call party on another node");
        }
    }
}

package io.livestage.sfu.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class StunBindingClientTest {

    private static final IceCredentials RFC_RESPONDER = new IceCredentials("evtj", Rfc5769Vectors.PASSWORD);
    private static final IceCredentials LOCAL = new IceCredentials("h6vY", "localPasswordLongEnough1");

    private final StunBindingClient client = new StunBindingClient(LOCAL, RFC_RESPONDER, new SecureRandom());

    @Test
    void acceptsTheRfc5769Ipv4Response() {
        byte[] response = Rfc5769Vectors.ipv4Response();
        BindingResponseCheck check = client.checkResponse(response, 0, response.length, Rfc5769Vectors.TRANSACTION_ID);
        assertTrue(check.isSuccess(), () -> "rejected: " + check.rejection());
        assertEquals(new InetSocketAddress("192.0.2.1", 32853), check.mappedAddress());
    }

    @Test
    void refusesAnUnknownTransactionAWrongPasswordAndACorruptedCrc() {
        byte[] response = Rfc5769Vectors.ipv4Response();
        byte[] otherTid = Rfc5769Vectors.TRANSACTION_ID.clone();
        otherTid[0] ^= 1;
        assertEquals(StunRejection.UNKNOWN_TRANSACTION,
                client.checkResponse(response, 0, response.length, otherTid).rejection());

        StunBindingClient wrongPwd = new StunBindingClient(LOCAL,
                new IceCredentials("evtj", "VOkJxbRl1RmTxUk/WvJxBu"), new SecureRandom());
        assertEquals(StunRejection.BAD_INTEGRITY,
                wrongPwd.checkResponse(response, 0, response.length, Rfc5769Vectors.TRANSACTION_ID).rejection());

        response[response.length - 2] ^= 0x40;
        assertEquals(StunRejection.BAD_FINGERPRINT,
                client.checkResponse(response, 0, response.length, Rfc5769Vectors.TRANSACTION_ID).rejection());
    }

    @Test
    void refusesARequestInPlaceOfAResponse() {
        byte[] request = Rfc5769Vectors.request();
        assertEquals(StunRejection.NOT_A_BINDING_RESPONSE,
                client.checkResponse(request, 0, request.length, Rfc5769Vectors.TRANSACTION_ID).rejection());
    }
}

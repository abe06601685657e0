package io.livestage.sfu.ice;

import java.net.InetSocketAddress;

/** Client side: a verified Binding success response's mapped address, or why it was refused. */
public record BindingResponseCheck(InetSocketAddress mappedAddress, StunRejection rejection) {

    public static BindingResponseCheck success(InetSocketAddress mappedAddress) {
        return new BindingResponseCheck(mappedAddress, null);
    }

    public static BindingResponseCheck rejected(StunRejection reason) {
        return new BindingResponseCheck(null, reason);
    }

    public boolean isSuccess() {
        return rejection == null;
    }
}

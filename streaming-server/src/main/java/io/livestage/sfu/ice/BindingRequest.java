package io.livestage.sfu.ice;

/** An encoded Binding request and the transaction id its response must echo. */
public record BindingRequest(byte[] bytes, byte[] transactionId) {
}

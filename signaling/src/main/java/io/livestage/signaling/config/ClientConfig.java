package io.livestage.signaling.config;

/**
 * What the web client is told about this deployment ({@code GET /client.json}, and in {@code welcome}).
 *
 * @param buyCoinsUrl      where the wallet's "add coins" sends people outside dev mode (the platform's shop);
 *                         empty: no such button
 * @param giftConfirmAbove a gift costing more coins than this asks for confirmation first
 */
public record ClientConfig(String buyCoinsUrl, long giftConfirmAbove) {
    public ClientConfig {
        buyCoinsUrl = buyCoinsUrl == null ? "" : buyCoinsUrl.strip();
        if (!buyCoinsUrl.isEmpty() && !buyCoinsUrl.startsWith("https://") && !buyCoinsUrl.startsWith("http://")
                && !buyCoinsUrl.startsWith("/")) {
            throw new IllegalArgumentException("client.buyCoinsUrl must be an http(s) URL or a path on this server, was "
                    + buyCoinsUrl);
        }
        Checks.range(giftConfirmAbove, 0, Long.MAX_VALUE, "client.giftConfirmAbove");
    }

    /** The defaults of config/livestage.yaml. */
    public static ClientConfig defaults() {
        return new ClientConfig("", 500);
    }
}

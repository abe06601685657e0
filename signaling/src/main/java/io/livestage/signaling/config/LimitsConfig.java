package io.livestage.signaling.config;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Per-connection, per-address, per-user and per-node limits that keep one client from hurting the others.
 *
 * @param maxFrameBytes          larger WebSocket messages close the connection with 1009
 * @param authTimeoutMs          time to send {@code auth} before the connection closes with 4001
 * @param idleTimeoutMs          a connection with no frame for this long closes with 1001
 * @param maxChatChars           longest chat text, in characters
 * @param chatPerSecond          sustained chat messages per user
 * @param chatBurst              chat messages a user may send at once
 * @param messagesPerSecond      sustained requests per connection, any type
 * @param messageBurst           requests a connection may send at once
 * @param maxRoomsPerSession     rooms one connection may be in at the same time
 * @param userMessagesPerSecond  sustained requests per user, over all of the user's connections
 * @param userMessageBurst       requests a user may send at once, over all of the user's connections
 * @param maxConnections         WebSocket connections this node holds; the next upgrade gets 503
 * @param maxConnectionsPerIp    WebSocket connections from one address; the next upgrade gets 429
 * @param perIpExemptAddresses   addresses (IP literals) {@code maxConnectionsPerIp} does not apply to:
 *                               a proxy in front of us, where every client seems to come from
 * @param maxConnectionsPerUser  authenticated connections of one user on this node; the next {@code auth} is refused
 */
public record LimitsConfig(int maxFrameBytes, long authTimeoutMs, long idleTimeoutMs, int maxChatChars,
                           double chatPerSecond, int chatBurst, double messagesPerSecond, int messageBurst,
                           int maxRoomsPerSession, double userMessagesPerSecond, int userMessageBurst,
                           int maxConnections, int maxConnectionsPerIp, List<String> perIpExemptAddresses,
                           int maxConnectionsPerUser) {
    public LimitsConfig {
        Checks.range(maxFrameBytes, 1024, 16 * 1024 * 1024, "limits.maxFrameBytes");
        Checks.positive(authTimeoutMs, "limits.authTimeoutMs");
        Checks.positive(idleTimeoutMs, "limits.idleTimeoutMs");
        Checks.range(maxChatChars, 1, 10_000, "limits.maxChatChars");
        Checks.positive(chatPerSecond, "limits.chatPerSecond");
        Checks.positive(chatBurst, "limits.chatBurst");
        Checks.positive(messagesPerSecond, "limits.messagesPerSecond");
        Checks.positive(messageBurst, "limits.messageBurst");
        Checks.positive(maxRoomsPerSession, "limits.maxRoomsPerSession");
        Checks.positive(userMessagesPerSecond, "limits.userMessagesPerSecond");
        Checks.positive(userMessageBurst, "limits.userMessageBurst");
        Checks.positive(maxConnections, "limits.maxConnections");
        Checks.positive(maxConnectionsPerIp, "limits.maxConnectionsPerIp");
        Checks.positive(maxConnectionsPerUser, "limits.maxConnectionsPerUser");
        perIpExemptAddresses = perIpExemptAddresses == null ? List.of() : List.copyOf(perIpExemptAddresses);
        exemptSet(perIpExemptAddresses);
    }

    /** The exempt addresses, parsed; only IP literals, so configuration never waits on DNS. */
    public Set<InetAddress> exemptAddresses() {
        return exemptSet(perIpExemptAddresses);
    }

    private static Set<InetAddress> exemptSet(List<String> addresses) {
        return addresses.stream().map(text -> {
            InetAddress address = text == null ? null : NetUtil.createInetAddressFromIpAddressString(text.trim());
            if (address == null) {
                throw new IllegalArgumentException("limits.perIpExemptAddresses: '" + text
                        + "' is not an IP address; write literals such as 127.0.0.1 or ::1");
            }
            return address;
        }).collect(Collectors.toUnmodifiableSet());
    }
}

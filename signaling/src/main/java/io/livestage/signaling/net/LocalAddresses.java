package io.livestage.signaling.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** This machine's interface addresses, for certificates and ICE candidates. */
public final class LocalAddresses {
    private LocalAddresses() {
    }

    /** IPv4 and IPv6 addresses of the interfaces that are up, loopback included, without zone ids. */
    public static List<String> all() {
        List<String> addresses = new ArrayList<>();
        for (InetAddress address : up()) {
            String text = address.getHostAddress();
            int zone = text.indexOf('%');
            addresses.add(zone < 0 ? text : text.substring(0, zone));
        }
        return addresses;
    }

    /** IPv4 addresses of the interfaces that are up, loopback last. */
    public static List<String> ipv4() {
        List<String> addresses = new ArrayList<>();
        List<String> loopback = new ArrayList<>();
        for (InetAddress address : up()) {
            if (address instanceof Inet4Address) {
                (address.isLoopbackAddress() ? loopback : addresses).add(address.getHostAddress());
            }
        }
        addresses.addAll(loopback);
        return addresses;
    }

    private static List<InetAddress> up() {
        List<InetAddress> addresses = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp()) {
                    addresses.addAll(Collections.list(nic.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            addresses.add(InetAddress.getLoopbackAddress());
        }
        return addresses;
    }
}

package io.mcpgateway.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class BlockedAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255",
            "192.168.0.1", "169.254.169.254", "100.64.0.1", "100.100.100.200", "224.0.0.1", "255.255.255.255",
            "198.18.0.1", "192.0.0.170", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:0001::1", "::7f00:1"})
    void internalAndMetadataAddressesAreBlocked(String address) throws UnknownHostException {
        assertThat(BlockedAddresses.isBlocked(InetAddress.getByName(address))).as(address).isTrue();
    }

    /** IPv6 forms that carry an IPv4 address are judged by it; the local-use NAT64 prefix is internal as a whole. */
    @ParameterizedTest
    @ValueSource(strings = {"::ffff:0:127.0.0.1", "::ffff:0:a9fe:a9fe", "::ffff:0:10.1.2.3", "64:ff9b:1::7f00:1",
            "64:ff9b:1:7f00:0:100::", "64:ff9b:1::808:808", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff",
            "2001:0:4136:e378:8000:63bf:80ff:fffe", "2001:0:7f00:1:8000:63bf:f7f7:f7f7",
            "2001:0:a9fe:a9fe::", "2001:0:4136:e378:8000:63bf:f5ff:fffe"})
    void ipv6FormsEmbeddingAnInternalIpv4AreBlocked(String address) throws UnknownHostException {
        assertThat(BlockedAddresses.isBlocked(InetAddress.getByName(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:0:808:808", "2001:0:4136:e378:8000:63bf:f7f7:f7f7", "64:ff9b:2::808:808",
            "2001:1::1", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "203.0.113.7", "2606:4700::1111",
            "2001:db8::1", "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddressesAreAllowed(String address) throws UnknownHostException {
        assertThat(BlockedAddresses.isBlocked(InetAddress.getByName(address))).as(address).isFalse();
    }
}

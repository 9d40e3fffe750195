package org.iiifml.support.outbound;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * The address resolver of the fetcher's HTTP client: resolves a host and refuses it if any of its
 * addresses is not allowed. The connection then goes to the address checked here, never to a second,
 * possibly different, answer of the DNS.
 */
final class GuardedResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final DestinationPolicy policy;
    private final HostResolver hosts;

    GuardedResolverGroup(DestinationPolicy policy, HostResolver hosts) {
        this.policy = policy;
        this.hosts = hosts;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new InetSocketAddressResolver(executor, new InetNameResolver(executor) {
            @Override
            protected void doResolve(String host, Promise<InetAddress> promise) {
                try {
                    promise.setSuccess(checked(host).get(0));
                } catch (Exception e) {
                    promise.setFailure(e);
                }
            }

            @Override
            protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                try {
                    promise.setSuccess(checked(host));
                } catch (Exception e) {
                    promise.setFailure(e);
                }
            }
        });
    }

    private List<InetAddress> checked(String host) throws Exception {
        List<InetAddress> addresses = Arrays.asList(hosts.resolve(host));
        for (InetAddress address : addresses) {
            policy.check(host, address);
        }
        return addresses;
    }
}

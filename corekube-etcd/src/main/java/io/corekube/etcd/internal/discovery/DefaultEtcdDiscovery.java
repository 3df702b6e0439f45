package io.corekube.etcd.internal.discovery;

import io.corekube.etcd.EtcdArgumentException;
import io.corekube.etcd.discovery.ClusterFullException;
import io.corekube.etcd.discovery.DiscoveryException;
import io.corekube.etcd.discovery.DiscoveryException.Reason;
import io.corekube.etcd.discovery.DiscoveryMember;
import io.corekube.etcd.discovery.DiscoveryStatus;
import io.corekube.etcd.discovery.DiscoveryToken;
import io.corekube.etcd.discovery.EtcdDiscovery;
import io.corekube.etcd.discovery.MemberIds;
import io.corekube.etcd.internal.EtcdKeys;
import io.corekube.etcd.internal.discovery.DiscoveryBackend.Consistency;
import io.corekube.spi.Subscription;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** The discovery protocol, written once over a v2 or v3 {@link DiscoveryBackend}. */
public final class DefaultEtcdDiscovery implements EtcdDiscovery {

    private static final Pattern SIZE = Pattern.compile("[0-9]{1,9}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:@+-]{1,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DiscoveryBackend backend;

    /** Discovery over the backend, which it closes when closed. */
    public DefaultEtcdDiscovery(DiscoveryBackend backend) {
        this.backend = backend;
    }

    @Override
    public DiscoveryToken createToken(int size) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return createToken(HexFormat.of().formatHex(bytes), size);
    }

    @Override
    public DiscoveryToken createToken(String token, int size) {
        if (size < 1 || size > EtcdDiscovery.MAX_SIZE) {
            throw new DiscoveryException(Reason.BAD_SIZE, "size must be 1.." + EtcdDiscovery.MAX_SIZE + ", got " + size);
        }
        DiscoveryToken parsed = token(token);
        if (!backend.createSize(parsed, Integer.toString(size))) {
            throw new DiscoveryException(Reason.TOKEN_EXISTS, parsed.token());
        }
        return parsed;
    }

    @Override
    public DiscoveryToken token(String tokenOrUrl) {
        return backend.token(tokenOrUrl);
    }

    @Override
    public DiscoveryMember register(DiscoveryToken token, String name, List<String> peerUrls) {
        validateMember(name, peerUrls);
        String id = MemberIds.compute(peerUrls, token.clusterToken());
        int size = size(token);
        DiscoveryStatus before = status(token, size, Consistency.SERIALIZABLE);
        for (DiscoveryMember m : before.members()) {
            if (m.id().equals(id)) {
                throw new DiscoveryException(Reason.DUPLICATE_ID, "member " + id + " (" + m.name()
                        + ") has registered with token " + token.token() + " already");
            }
            if (m.name().equals(name)) {
                throw new DiscoveryException(Reason.DUPLICATE_NAME, "member " + m.id() + " registered with name "
                        + name + " already");
            }
        }
        if (before.isFull()) {
            throw new ClusterFullException(token.token(), before.admitted());
        }
        String value = DiscoveryMember.registrationValue(name, peerUrls);
        long created = backend.createRegistration(token, id, value)
                .orElseThrow(() -> new DiscoveryException(Reason.DUPLICATE_ID, "member " + id
                        + " registered concurrently with token " + token.token()));
        DiscoveryStatus after = status(token, size, Consistency.LINEARIZABLE);
        if (after.admitted().stream().noneMatch(m -> m.id().equals(id))) {
            throw new ClusterFullException(token.token(), after.admitted());
        }
        return DiscoveryMember.builder().id(id).name(name).peerUrls(peerUrls).createdIndex(created).build();
    }

    @Override
    public List<DiscoveryMember> members(DiscoveryToken token) {
        return members(token, Consistency.LINEARIZABLE);
    }

    @Override
    public DiscoveryStatus inspect(DiscoveryToken token) {
        return status(token, size(token), Consistency.LINEARIZABLE);
    }

    private List<DiscoveryMember> members(DiscoveryToken token, Consistency consistency) {
        return backend.list(token, consistency).registrations().stream().map(DefaultEtcdDiscovery::member).toList();
    }

    private DiscoveryStatus status(DiscoveryToken token, int size, Consistency consistency) {
        return DiscoveryStatus.builder().token(token).size(size).members(members(token, consistency)).build();
    }

    @Override
    public CompletableFuture<List<DiscoveryMember>> awaitFull(DiscoveryToken token, Duration timeout,
                                                              Consumer<DiscoveryMember> onRegistered) {
        int size = size(token);
        FullWaiter waiter = new FullWaiter(size, onRegistered);
        DiscoveryBackend.Listing listing = backend.list(token, Consistency.LINEARIZABLE);
        listing.registrations().forEach(waiter::offer);
        if (waiter.result.isDone()) {
            return waiter.result;
        }
        Subscription watch = backend.watch(token, listing.index(), waiter::offer);
        waiter.result.whenComplete((members, error) -> watch.close());
        return waiter.result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean deleteToken(DiscoveryToken token) {
        return backend.delete(token);
    }

    @Override
    public void close() {
        backend.close();
    }

    private int size(DiscoveryToken token) {
        String raw = backend.readSize(token).orElseThrow(() -> new DiscoveryException(Reason.SIZE_NOT_FOUND,
                "token " + token.token() + " has no _config/size key"));
        if (!SIZE.matcher(raw).matches() || Integer.parseInt(raw) < 1) {
            throw new DiscoveryException(Reason.BAD_SIZE, "token " + token.token() + " has size "
                    + EtcdKeys.quote(raw) + ", not a positive decimal integer");
        }
        return Integer.parseInt(raw);
    }

    static DiscoveryMember member(DiscoveryBackend.Registration r) {
        String name = "";
        List<String> urls = new ArrayList<>();
        for (String pair : r.value().strip().split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                name = pair.substring(0, eq);
                urls.add(pair.substring(eq + 1));
            }
        }
        return DiscoveryMember.builder().id(r.id()).name(name).peerUrls(urls).createdIndex(r.createdIndex()).build();
    }

    private static void validateMember(String name, List<String> peerUrls) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new DiscoveryException(Reason.INVALID_PEER, "member name " + EtcdKeys.quote(name)
                    + " must be 1-128 characters [A-Za-z0-9_.:@+-]");
        }
        if (peerUrls == null || peerUrls.isEmpty()) {
            throw new DiscoveryException(Reason.INVALID_PEER, "member " + name + " needs at least one peer URL");
        }
        if (peerUrls.stream().distinct().count() != peerUrls.size()) {
            throw new DiscoveryException(Reason.INVALID_PEER, "member " + name + " lists a peer URL twice");
        }
        for (String url : peerUrls) {
            try {
                URI uri = new URI(url);
                boolean ok = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        && uri.getHost() != null && uri.getPort() > 0
                        && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                        && uri.getRawQuery() == null && !url.contains(",");
                if (!ok) {
                    throw new URISyntaxException(url, "must be http(s)://host:port with nothing after the port");
                }
            } catch (URISyntaxException e) {
                throw new DiscoveryException(Reason.INVALID_PEER, EtcdKeys.quote(url) + ": " + e.getReason());
            } catch (EtcdArgumentException e) {
                throw new DiscoveryException(Reason.INVALID_PEER, e.getMessage());
            }
        }
    }

    /** Counts distinct registrations until the size is reached; completes with the first {@code size}. */
    private static final class FullWaiter {
        private final int size;
        private final Consumer<DiscoveryMember> onRegistered;
        private final Map<String, DiscoveryMember> seen = new LinkedHashMap<>();
        private final CompletableFuture<List<DiscoveryMember>> result = new CompletableFuture<>();

        FullWaiter(int size, Consumer<DiscoveryMember> onRegistered) {
            this.size = size;
            this.onRegistered = onRegistered;
        }

        synchronized void offer(DiscoveryBackend.Registration registration) {
            if (result.isDone() || seen.containsKey(registration.id())) {
                return;
            }
            DiscoveryMember member = member(registration);
            seen.put(member.id(), member);
            onRegistered.accept(member);
            if (seen.size() >= size) {
                result.complete(seen.values().stream().sorted(Comparator.comparingLong(DiscoveryMember::createdIndex))
                        .limit(size).toList());
            }
        }
    }
}

package io.corekube.etcd.flannel;

import io.corekube.etcd.EtcdConfig;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

class V3FlannelEtcdIT extends FlannelEtcdContractIT {

    @Override
    FlannelEtcd open(EtcdConfig config, String prefix) {
        return FlannelEtcd.v3(config, prefix);
    }

    @Override
    void writeLease(String key, String json, long ttlSeconds) {
        try (Client client = Client.builder().endpoints(server.clientUrl()).build()) {
            PutOption option = PutOption.DEFAULT;
            if (ttlSeconds > 0) {
                long lease = client.getLeaseClient().grant(ttlSeconds).join().getID();
                option = PutOption.builder().withLeaseId(lease).build();
            }
            client.getKVClient().put(bytes(key), bytes(json), option).join();
        }
    }

    @Override
    Optional<String> readRaw(String key) {
        try (Client client = Client.builder().endpoints(server.clientUrl()).build()) {
            return client.getKVClient().get(bytes(key)).join().getKvs().stream().findFirst()
                    .map(kv -> kv.getValue().toString(StandardCharsets.UTF_8));
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}

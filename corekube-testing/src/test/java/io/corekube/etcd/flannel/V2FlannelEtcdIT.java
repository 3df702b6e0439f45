package io.corekube.etcd.flannel;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.v2.EtcdV2Client;
import io.corekube.etcd.v2.KeyNotFoundException;
import io.corekube.etcd.v2.SetOptions;
import java.time.Duration;
import java.util.Optional;

class V2FlannelEtcdIT extends FlannelEtcdContractIT {

    @Override
    FlannelEtcd open(EtcdConfig config, String prefix) {
        return FlannelEtcd.v2(config, prefix);
    }

    @Override
    void writeLease(String key, String json, long ttlSeconds) {
        try (EtcdV2Client raw = EtcdV2Client.create(EtcdConfig.of(server.clientUrl()))) {
            var options = SetOptions.builder().prevExist(false);
            if (ttlSeconds > 0) {
                options.ttl(Duration.ofSeconds(ttlSeconds));
            }
            raw.set(key, json, options.build());
        }
    }

    @Override
    Optional<String> readRaw(String key) {
        try (EtcdV2Client raw = EtcdV2Client.create(EtcdConfig.of(server.clientUrl()))) {
            return raw.get(key).node().value();
        } catch (KeyNotFoundException e) {
            return Optional.empty();
        }
    }
}

package io.corekube.examples;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.flannel.FlannelEtcd;
import io.corekube.etcd.flannel.FlannelLease;
import io.corekube.templates.flannel.FlannelConfig;
import io.corekube.templates.flannel.FlannelConfigException;
import io.corekube.templates.flannel.FlannelNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks, shows and publishes flannel network configs: {@code default} prints Corekube's config;
 * {@code validate FILE} checks a config with flannel v0.17's rules and prints its network and capacity;
 * {@code publish FILE --etcd URL [--replace]} validates then publishes it where flanneld reads it;
 * {@code show --etcd URL} prints the published config and the subnet leases.
 */
public final class FlannelConfigTool {

    static final String USAGE = "FlannelConfigTool default | validate FILE | publish FILE --etcd URL [--replace]"
            + " | show --etcd URL";

    private FlannelConfigTool() {
    }

    /** Runs the tool; exits 2 on a usage error and 1 on an invalid config. */
    public static void main(String[] args) throws Exception {
        try {
            System.out.print(run(args));
        } catch (FlannelConfigException e) {
            System.err.println("invalid flannel config: " + e.getMessage());
            System.exit(1);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** Runs a command and returns what it prints. */
    static String run(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: " + USAGE);
        }
        String command = args[0];
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "default":
                return FlannelConfig.corekubeDefault().toJson() + "\n";
            case "validate":
                return describe(FlannelConfig.parse(Files.readString(Path.of(single(rest)))));
            case "publish": {
                String file = rest.length > 0 ? rest[0] : "";
                Arguments a = Arguments.parse(java.util.Arrays.copyOfRange(rest, Math.min(1, rest.length), rest.length),
                        List.of("--etcd"), List.of("--replace"), USAGE);
                FlannelConfig config = FlannelConfig.parse(Files.readString(Path.of(file)));
                String checked = describe(config);
                try (FlannelEtcd etcd = FlannelEtcd.v2(EtcdConfig.of(a.require("--etcd", USAGE)))) {
                    var outcome = a.flag("--replace") ? etcd.replace(config.toJson()) : etcd.publish(config.toJson());
                    return checked + outcome + " at " + etcd.configKey() + "\n";
                }
            }
            case "show": {
                Arguments a = Arguments.parse(rest, List.of("--etcd"), List.of(), USAGE);
                try (FlannelEtcd etcd = FlannelEtcd.v2(EtcdConfig.of(a.require("--etcd", USAGE)))) {
                    StringBuilder out = new StringBuilder(etcd.configKey() + ": "
                            + etcd.readConfig().orElse("(none)") + "\n");
                    for (FlannelLease lease : etcd.leases()) {
                        out.append("  ").append(lease).append('\n');
                    }
                    return out.toString();
                }
            }
            default:
                throw new IllegalArgumentException("unknown command " + command + "\nusage: " + USAGE);
        }
    }

    private static String single(String[] rest) {
        if (rest.length != 1) {
            throw new IllegalArgumentException("expected one file\nusage: " + USAGE);
        }
        return rest[0];
    }

    private static String describe(FlannelConfig config) {
        FlannelNetwork network = config.validate();
        return "valid: network " + network.network().orElse("-") + ", subnets /" + network.subnetLen() + ", "
                + network.capacity() + " subnets, backend " + network.backend() + "\n";
    }
}

package io.corekube.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.corekube.cluster.Machine;
import io.corekube.deploy.RoleCatalog.RoleStage;
import io.corekube.deploy.RoleCatalog.RoleUnit;
import io.corekube.fuzz.HostileStrings;
import io.corekube.templates.cloud.CloudConfig;
import io.corekube.templates.cloud.ClusterTemplate;
import io.corekube.templates.cloud.StackSpec;
import io.corekube.templates.download.Checksum;
import io.corekube.templates.kubernetes.KubernetesRoles;
import io.corekube.templates.kubernetes.KubernetesRoles.Profile;
import io.corekube.templates.render.Template;
import io.corekube.unit.InvalidUnitException;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitOption;
import io.corekube.value.InvalidValueException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The injection suite: every hostile string of {@link HostileStrings} is pushed through every public value of
 * {@link KubernetesRoles}, {@link StackSpec} (and so {@link ClusterTemplate}), {@link CloudConfig} and
 * {@link UnitFile}. Each is either refused with a typed error naming the field, or proven inert: the rendered
 * artifact, parsed back by a real parser (the unit parser, PyYAML as Heat and cloud-init read YAML), yields
 * exactly the value given (DNS names in lower case).
 */
class InjectionSuiteTest {

    private static final Machine MASTER = Machine.builder().id("0123456789abcdef0123456789abcdef").primaryIp("10.10.10.4")
            .putMetadata("kubernetes_role", "master").build();
    private static final Machine MINION = Machine.builder().id("fedcba9876543210fedcba9876543210").primaryIp("10.10.10.5")
            .putMetadata("kubernetes_role", "minion").build();
    private static final StackSpec SPEC = StackSpec.defaults("CoreOS", "ops", "public");
    private static final String SUM = "a".repeat(64);
    private static final KubernetesRoles ORIGINAL = TestRoles.of(Profile.ORIGINAL);

    @Test
    void everyHostileStringIsRefusedNamingItsFieldOrReadBackUnchanged() throws Exception {
        List<Slot> slots = slots();
        List<String> hostile = HostileStrings.strings();
        assertTrue(hostile.size() >= 100, "corpus of " + hostile.size());
        List<Case> cases = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<String, int[]> tally = new TreeMap<>();
        for (Slot slot : slots) {
            for (String value : hostile) {
                int[] counts = tally.computeIfAbsent(slot.name(), s -> new int[2]);
                try {
                    cases.add(new Case(slot, value, slot.apply().apply(value)));
                    counts[1]++;
                } catch (InvalidValueException | InvalidUnitException refused) {
                    if (!refused.getMessage().contains(slot.field())) {
                        failures.add(slot.name() + " refused '" + show(value) + "' without naming '" + slot.field() + "': "
                                + refused.getMessage());
                    }
                    counts[0]++;
                } catch (RuntimeException untyped) {
                    failures.add(slot.name() + " let an untyped " + untyped + " escape for '" + show(value) + "'");
                }
            }
        }
        PyYaml.resolve(cases.stream().map(Case::readback).toList());
        for (Case c : cases) {
            String expected = c.slot().expected().apply(c.value());
            if (!expected.equals(c.readback().value())) {
                failures.add(c.slot().name() + " changed '" + show(c.value()) + "' to '" + show(String.valueOf(c.readback().value()))
                        + "' on its way through the artifact");
            }
        }
        System.out.printf("injection suite: %d hostile strings x %d public values = %d cases: %d refused, %d read back unchanged%n",
                hostile.size(), slots.size(), hostile.size() * slots.size(),
                tally.values().stream().mapToInt(t -> t[0]).sum(), tally.values().stream().mapToInt(t -> t[1]).sum());
        tally.forEach((slot, t) -> System.out.printf("  %-48s refused %3d, inert %3d%n", slot, t[0], t[1]));
        assertEquals(List.of(), failures.subList(0, Math.min(40, failures.size())), failures.size() + " failures");
        assertTrue(cases.size() > 500, "too few accepted cases to prove inertness: " + cases.size());
    }

    private record Case(Slot slot, String value, Readback readback) {
    }

    /** A public value: where it is set, the field its errors name, and how it is read back from the artifact. */
    private record Slot(String name, String field, Function<String, Readback> apply, UnaryOperator<String> expected) {
        Slot(String name, String field, Function<String, Readback> apply) {
            this(name, field, apply, v -> v);
        }
    }

    private static List<Slot> slots() {
        List<Slot> s = new ArrayList<>();
        for (Profile profile : Profile.values()) {
            String p = profile.name().toLowerCase(Locale.ROOT) + " ";
            String artifact = profile == Profile.CURRENT ? "kubernetes-node" : "kubelet";
            String file = profile == Profile.CURRENT ? "kubernetes-node-linux-amd64.tar.gz" : "kubelet";
            s.add(new Slot(p + "KubernetesRoles.binariesUrl", "binariesUrl", v -> Readback.done(unsystemd(lastArg(
                    exec(download(roles(profile).binariesUrl(v).build()), 0)))),
                    v -> (v.endsWith("/") ? v : v + "/") + file));
            s.add(new Slot(p + "KubernetesRoles.mirror", artifact + " mirror", v -> Readback.done(unsystemd(lastArg(
                    exec(download(roles(profile).mirror(artifact, v).build()), 0))))));
            s.add(new Slot(p + "KubernetesRoles.clusterDns ip", "clusterDnsIp", v -> Readback.done(
                    clusterDns(roles(profile).clusterDns(v, "kube.local").build(), true))));
            s.add(new Slot(p + "KubernetesRoles.clusterDns domain", "clusterDomain", v -> Readback.done(
                    clusterDns(roles(profile).clusterDns("10.1.0.10", v).build(), false)), v -> v.toLowerCase(Locale.ROOT)));
            s.add(new Slot(p + "KubernetesRoles.serviceCidr", "serviceCidr", v -> Readback.done(flag(
                    apiserver(roles(profile).serviceCidr(v).build()), "--service[-_]cluster[-_]ip[-_]range="))));
            s.add(new Slot(p + "KubernetesRoles.podCidr", "podCidr", v -> Readback.done(NodeFilesJson.read(
                    roles(Profile.CURRENT).podCidr(v).build(), "minion", "/etc/kubernetes/kube-proxy-config.yaml").path("clusterCIDR").asText())));
            s.add(new Slot(p + "KubernetesRoles.checksum", "sha256 digest", v -> Readback.done(
                    checksum(roles(profile).checksum(artifact, Checksum.sha256(v)).build())), v -> v.toLowerCase(Locale.ROOT)));
            s.add(new Slot(p + "KubernetesRoles.checksum artifact", "artifact", v -> Readback.done(
                    roles(profile).checksum(v, Checksum.sha256(SUM)).build().roles().toString())));
            s.add(new Slot(p + "render machine id", "machine", v -> Readback.done(download(roles(profile).build(),
                    Machine.builder().from(MINION).id(v).build()).values("X-Fleet", "MachineID").get(0)), v -> v.toLowerCase(Locale.ROOT)));
            s.add(new Slot(p + "render machine ip", "ip", v -> Readback.done(flag(kubelet(roles(profile).build(),
                    Machine.builder().from(MINION).primaryIp(v).build()), "--(hostname[-_]override|node-ip)="))));
        }
        Template custom = Template.of("custom", "[Service]\nExecStart=/bin/true\n");
        s.add(new Slot("KubernetesRoles.unit role", "role", v -> Readback.done(customRole(v, "s", "p", "running").roles()
                .stream().filter(v::equals).findFirst().orElse(null))));
        s.add(new Slot("KubernetesRoles.unit stage", "stage", v -> Readback.done(customRole("r", v, "p", "running")
                .render("r", MINION, Optional.empty()).get(0).name())));
        s.add(new Slot("KubernetesRoles.unit prefix", "prefix", v -> Readback.done(prefixOf(customRole("r", "s", v, "running")
                .render("r", MINION, Optional.empty()).get(0).units().get(0)))));
        s.add(new Slot("KubernetesRoles.unit doneSubState", "doneSubState", v -> Readback.done(customRole("r", "s", "p", v)
                .render("r", MINION, Optional.empty()).get(0).units().get(0).doneSubState())));
        assertEquals(1, KubernetesRoles.builder(Profile.CURRENT).unit("r", "s", "p", custom, "running").build()
                .render("r", MINION, Optional.empty()).size());

        stackSlot(s, "flavors", v -> spec(0, v), t -> t.path("parameters").path("flavor").path("default"));
        stackSlot(s, "image", v -> spec(1, v), t -> t.path("parameters").path("coreos_image").path("default"));
        stackSlot(s, "keyName", v -> spec(2, v), t -> t.path("parameters").path("keyname").path("default"));
        stackSlot(s, "externalNetwork", v -> spec(3, v), t -> t.path("parameters").path("external_network").path("default"));
        stackSlot(s, "subnetCidr", v -> spec(4, v), t -> t.path("resources").path("corekube_subnet").path("properties").path("cidr"));
        stackSlot(s, "dnsServers", v -> spec(5, v), t -> t.path("resources").path("corekube_subnet").path("properties")
                .path("dns_nameservers").path(0));
        stackSlot(s, "adminCidr", v -> spec(6, v), t -> t.path("parameters").path("admin_cidr").path("default"));
        s.add(new Slot("StackSpec.discoveryEtcdVersion", "discoveryEtcdVersion", v -> Readback.yaml(ClusterTemplate.generate(spec(7, v), ORIGINAL),
                t -> cloudConfigUnit(t, "discovery", "discovery-etcd.service",
                        u -> argAfter(u.values("Service", "ExecStart").get(0), "quay.io/coreos/etcd:v")))));
        s.add(new Slot("StackSpec.flannelUrl", "flannelUrl", v -> Readback.yaml(ClusterTemplate.generate(spec(8, v), ORIGINAL),
                t -> cloudConfigUnit(t, "kubernetes_master", "flannel-install.service",
                        u -> unsystemd(lastArg(u.values("Service", "ExecStart").get(0)))))));
        s.add(new Slot("StackSpec.netInterface", "netInterface", v -> Readback.yaml(ClusterTemplate.generate(spec(9, v), ORIGINAL),
                t -> cloudConfigUnit(t, "kubernetes_master", "flannel.service",
                        u -> flag(u.values("Service", "ExecStart").get(0), "-iface=")))));

        cloudSlot(s, "CloudConfig.etcd discovery", "etcd discovery", v -> CloudConfig.builder().etcd(v, "$private_ipv4:4001",
                "$private_ipv4:7001"), y -> y.path("coreos").path("etcd").path("discovery"));
        cloudSlot(s, "CloudConfig.etcd addr", "etcd addr", v -> CloudConfig.builder().etcd("http://d:2379/v2/keys/x", v,
                "$private_ipv4:7001"), y -> y.path("coreos").path("etcd").path("addr"));
        cloudSlot(s, "CloudConfig.etcd peer-addr", "etcd peer-addr", v -> CloudConfig.builder().etcd("http://d:2379/v2/keys/x",
                "$private_ipv4:4001", v), y -> y.path("coreos").path("etcd").path("peer-addr"));
        cloudSlot(s, "CloudConfig.fleetPublicIp", "fleet public-ip", v -> CloudConfig.builder().fleetPublicIp(v),
                y -> y.path("coreos").path("fleet").path("public-ip"));
        s.add(new Slot("CloudConfig.fleetMetadata key", "fleet metadata", v -> Readback.yaml(CloudConfig.builder()
                .fleetMetadata(v, "x").build().toYaml(), y -> Readback.done(y.path("coreos").path("fleet").path("metadata").asText())),
                v -> v + "=x"));
        s.add(new Slot("CloudConfig.fleetMetadata value", "fleet metadata", v -> Readback.yaml(CloudConfig.builder()
                .fleetMetadata("k", v).build().toYaml(), y -> Readback.done(y.path("coreos").path("fleet").path("metadata").asText())),
                v -> "k=" + v));
        cloudSlot(s, "CloudConfig.unit name", "unit name", v -> CloudConfig.builder().unit(v, Optional.empty(), Optional.empty()),
                y -> y.path("coreos").path("units").path(0).path("name"));
        cloudSlot(s, "CloudConfig.unit command", "command", v -> CloudConfig.builder().unit("a.service", Optional.of(v),
                Optional.empty()), y -> y.path("coreos").path("units").path(0).path("command"));
        cloudSlot(s, "CloudConfig.file path", "write_files path", v -> CloudConfig.builder().file(v, "0644", "x"),
                y -> y.path("write_files").path(0).path("path"));
        cloudSlot(s, "CloudConfig.file permissions", "permissions", v -> CloudConfig.builder().file("/etc/x", v, "x"),
                y -> y.path("write_files").path(0).path("permissions"));
        cloudSlot(s, "CloudConfig.file content", "content", v -> CloudConfig.builder().file("/etc/x", "0600", v),
                y -> y.path("write_files").path(0).path("content"));
        cloudSlot(s, "CloudConfig.file content (lines)", "content", v -> CloudConfig.builder().file("/etc/x", "0600",
                "line one\n" + v + "\nlast: line\n"), y -> y.path("write_files").path(0).path("content"), v -> "line one\n" + v + "\nlast: line\n");

        s.add(new Slot("UnitFile section", "section", v -> Readback.done(reparse(UnitFile.builder().add(v, "Opt", "x").build()).section())));
        s.add(new Slot("UnitFile option name", "option", v -> Readback.done(reparse(UnitFile.builder().add("Service", v, "x").build()).name())));
        s.add(new Slot("UnitFile value", "ExecStart", v -> Readback.done(reparse(UnitFile.builder().service("ExecStart", v).build()).value())));
        return s;
    }

    // ---- KubernetesRoles helpers

    private static UnitFile download(KubernetesRoles roles) {
        return download(roles, MINION);
    }

    private static UnitFile download(KubernetesRoles roles, Machine machine) {
        return roles.render("minion", machine, Optional.of(MASTER)).get(0).units().get(0).submission().unit();
    }

    private static String exec(UnitFile unit, int index) {
        return unit.values("Service", "ExecStart").get(index);
    }

    private static String kubelet(KubernetesRoles roles) {
        return kubelet(roles, MINION);
    }

    private static String kubelet(KubernetesRoles roles, Machine machine) {
        return unitNamed(roles.render("minion", machine, Optional.of(MASTER)), "minion-kubelet").values("Service", "ExecStart").get(0);
    }

    private static String apiserver(KubernetesRoles roles) {
        return unitNamed(roles.render("master", MASTER, Optional.of(MASTER)), "master-apiserver").values("Service", "ExecStart").get(0);
    }

    private static KubernetesRoles.Builder roles(Profile profile) {
        return TestRoles.allowingUnpublished(profile);
    }

    /** The cluster DNS address or domain as the kubelet gets it: its flags (ORIGINAL) or its config file (CURRENT). */
    private static String clusterDns(KubernetesRoles roles, boolean address) {
        if (roles.profile() == Profile.ORIGINAL) {
            return flag(kubelet(roles), address ? "--cluster[-_]dns=" : "--cluster[-_]domain=");
        }
        JsonNode config = NodeFilesJson.read(roles, "minion", "/etc/kubernetes/kubelet-config.yaml");
        return address ? config.path("clusterDNS").path(0).asText() : config.path("clusterDomain").asText();
    }

    private static String checksum(KubernetesRoles roles) {
        String line = exec(download(roles), 1);
        String[] args = line.substring(line.lastIndexOf('\'') + 1).trim().split(" ");
        assertEquals("sha256-check", args[0], line);
        return args[1];
    }

    private static UnitFile unitNamed(List<RoleStage> stages, String prefix) {
        return stages.stream().flatMap(st -> st.units().stream()).filter(u -> prefixOf(u).equals(prefix)).findFirst()
                .orElseThrow().submission().unit();
    }

    private static String prefixOf(RoleUnit unit) {
        return unit.submission().name().substring(0, unit.submission().name().indexOf('@'));
    }

    private static KubernetesRoles customRole(String role, String stage, String prefix, String done) {
        return KubernetesRoles.builder(Profile.CURRENT).unit(role, stage, prefix,
                Template.of("custom", "[Service]\nExecStart=/bin/true\n"), done).build();
    }

    // ---- StackSpec and CloudConfig helpers

    private static StackSpec spec(int field, String v) {
        List<String> flavors = field == 0 ? Arrays.asList(v, "m1.large") : SPEC.flavors();
        return new StackSpec(SPEC.minionCount(), SPEC.maxMinions(), flavors, field == 1 ? v : SPEC.image(),
                field == 2 ? v : SPEC.keyName(), field == 3 ? v : SPEC.externalNetwork(), field == 4 ? v : SPEC.subnetCidr(),
                field == 5 ? Arrays.asList(v) : SPEC.dnsServers(), field == 6 ? v : SPEC.adminCidr(), SPEC.waitTimeout(),
                SPEC.overlord(), field == 7 ? v : SPEC.discoveryEtcdVersion(), field == 8 ? v : SPEC.flannelUrl(),
                field == 9 ? v : SPEC.netInterface());
    }

    private static void stackSlot(List<Slot> s, String field, Function<String, StackSpec> spec, Function<JsonNode, JsonNode> read) {
        s.add(new Slot("StackSpec." + field, field, v -> Readback.yaml(ClusterTemplate.generate(spec.apply(v), ORIGINAL),
                t -> Readback.done(text(read.apply(t))))));
    }

    private static void cloudSlot(List<Slot> s, String name, String field, Function<String, CloudConfig.Builder> set,
                                  Function<JsonNode, JsonNode> read) {
        cloudSlot(s, name, field, set, read, v -> v);
    }

    private static void cloudSlot(List<Slot> s, String name, String field, Function<String, CloudConfig.Builder> set,
                                  Function<JsonNode, JsonNode> read, UnaryOperator<String> expected) {
        s.add(new Slot(name, field, v -> Readback.yaml(set.apply(v).build().toYaml(), y -> Readback.done(text(read.apply(y)))), expected));
    }

    /** The unit {@code unit} of the cloud-config inside {@code server}'s user data, itself read by PyYAML. */
    private static Readback cloudConfigUnit(JsonNode template, String server, String unit, Function<UnitFile, String> read) {
        String cloudConfig = template.path("resources").path(server).path("properties").path("user_data")
                .path("str_replace").path("template").asText();
        return Readback.yaml(cloudConfig, c -> {
            for (JsonNode u : c.path("coreos").path("units")) {
                if (u.path("name").asText().equals(unit)) {
                    return Readback.done(read.apply(UnitFile.parse(u.path("content").asText())));
                }
            }
            return fail("no unit " + unit + " in the " + server + " cloud-config");
        });
    }

    // ---- parsing back

    private static UnitOption reparse(UnitFile unit) {
        List<UnitOption> options = UnitFile.parse(unit.serialize()).options();
        assertEquals(1, options.size(), unit.serialize());
        return options.get(0);
    }

    private static String text(JsonNode node) {
        assertTrue(node.isTextual(), "not read back as a string: " + node);
        return node.textValue();
    }

    private static String lastArg(String commandLine) {
        return commandLine.substring(commandLine.lastIndexOf(' ') + 1);
    }

    private static String flag(String commandLine, String flagPattern) {
        for (String arg : commandLine.split(" ")) {
            if (arg.matches("(?s)" + flagPattern + ".*")) {
                return arg.substring(arg.indexOf('=') + 1);
            }
        }
        return fail("no " + flagPattern + " in " + commandLine);
    }

    private static String argAfter(String commandLine, String prefix) {
        for (String arg : commandLine.split(" ")) {
            if (arg.startsWith(prefix)) {
                return arg.substring(prefix.length());
            }
        }
        return fail("no argument starting " + prefix + " in " + commandLine);
    }

    /** What systemd hands the program: {@code %%} is its escape for {@code %}. */
    private static String unsystemd(String arg) {
        return arg.replace("%%", "%");
    }

    private static String show(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().limit(60).forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.toString();
    }
}

package io.corekube.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.corekube.cluster.ProvisionedCluster;
import io.corekube.cluster.ProvisioningRequest;
import io.corekube.openstack.heat.HeatClient;
import io.corekube.openstack.heat.Stack;
import io.corekube.openstack.heat.StackEvent;
import io.corekube.openstack.heat.StackOutput;
import io.corekube.openstack.heat.StackRef;
import io.corekube.openstack.heat.StackRequest;
import io.corekube.openstack.internal.OpenStackJson;
import io.corekube.spi.ClusterProvisioner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link ClusterProvisioner} on Heat: a cluster is a stack named after it, made from the cluster
 * template; its minion count is a template parameter, changed by a PATCH update (every other parameter kept);
 * its well-known addresses are the stack's outputs {@code discovery_ip}, {@code overlord_ip}, {@code master_ip}
 * and {@code minion_ips} (names configurable), as in the original Corekube template.
 */
public final class HeatClusterProvisioner implements ClusterProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(HeatClusterProvisioner.class);

    private final HeatClient heat;
    private final String template;
    private final Optional<String> environment;
    private final String minionCountParameter;
    private final Consumer<StackEvent> onEvent;
    private final java.util.function.BiConsumer<String, java.util.Map<String, String>> check;

    private HeatClusterProvisioner(Builder b) {
        this.check = b.check;
        this.heat = Objects.requireNonNull(b.heat, "heat");
        this.template = Objects.requireNonNull(b.template, "template");
        this.environment = Optional.ofNullable(b.environment);
        this.minionCountParameter = b.minionCountParameter;
        this.onEvent = b.onEvent;
    }

    /** A builder on this Heat client (which the provisioner does not close). */
    public static Builder builder(HeatClient heat) {
        Builder b = new Builder();
        b.heat = heat;
        return b;
    }

    @Override
    public ProvisionedCluster provision(ProvisioningRequest request, Duration timeout) {
        check.accept(template, request.parameters());
        var stack = StackRequest.builder().name(request.clusterName()).template(template)
                .putAllParameters(request.parameters())
                .putParameter(minionCountParameter, Integer.toString(request.minionCount()))
                .addTag("corekube");
        environment.ifPresent(stack::environment);
        StackRef ref = heat.create(stack.build());
        LOG.info("creating cluster {} as stack {}", request.clusterName(), ref);
        return cluster(heat.awaitCompletion(ref, timeout, onEvent));
    }

    @Override
    public ProvisionedCluster scale(String clusterName, int minionCount, Duration timeout) {
        StackRef ref = find(clusterName).orElseThrow(() -> new OpenStackException("no cluster stack " + clusterName, 404));
        heat.patch(ref, Map.of(minionCountParameter, Integer.toString(minionCount)), Optional.empty());
        LOG.info("scaling cluster {} to {} minions", clusterName, minionCount);
        return cluster(heat.awaitCompletion(ref, timeout, onEvent));
    }

    @Override
    public Optional<ProvisionedCluster> describe(String clusterName) {
        return find(clusterName).map(heat::show).map(this::cluster);
    }

    @Override
    public void delete(String clusterName, Duration timeout) {
        Optional<StackRef> ref = find(clusterName);
        if (ref.isPresent()) {
            heat.delete(ref.get());
            heat.awaitDeletion(ref.get(), timeout);
        }
    }

    private Optional<StackRef> find(String clusterName) {
        return heat.find(clusterName).map(Stack::ref);
    }

    private ProvisionedCluster cluster(Stack stack) {
        List<StackOutput> outputs = stack.outputs().isEmpty() ? heat.outputs(stack.ref()) : stack.outputs();
        var b = ProvisionedCluster.builder().name(stack.ref().name()).id(stack.ref().id()).status(stack.status());
        for (StackOutput o : outputs) {
            JsonNode value = OpenStackJson.tree(o.value());
            b.putOutput(o.key(), value.isTextual() ? value.asText() : o.value());
            switch (o.key()) {
                case "discovery_ip" -> text(value).ifPresent(b::discoveryIp);
                case "overlord_ip" -> text(value).ifPresent(b::overlordIp);
                case "master_ip" -> text(value).ifPresent(b::masterIp);
                case "minion_ips" -> {
                    List<String> ips = new ArrayList<>();
                    value.forEach(ip -> text(ip).ifPresent(ips::add));
                    b.minionIps(ips);
                }
                default -> { }
            }
        }
        return b.build();
    }

    private static Optional<String> text(JsonNode value) {
        return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** Settings of the provisioner. */
    public static final class Builder {
        private HeatClient heat;
        private String template;
        private String environment;
        private String minionCountParameter = "kubernetes_minion_count";
        private Consumer<StackEvent> onEvent = e -> LOG.debug("{} {} {}", e.resourceName(), e.status(), e.reason());
        private java.util.function.BiConsumer<String, java.util.Map<String, String>> check = (t, p) -> { };

        private Builder() {
        }

        /** The cluster template's text (HOT), sent as it is. */
        public Builder template(String template) {
            this.template = template;
            return this;
        }

        /** An environment, e.g. a resource_registry. */
        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        /** The parameter that holds the number of minions; {@code kubernetes_minion_count} by default. */
        public Builder minionCountParameter(String name) {
            this.minionCountParameter = name;
            return this;
        }

        /** Receives every stack event while the provisioner waits (logged at debug by default). */
        public Builder onEvent(Consumer<StackEvent> onEvent) {
            this.onEvent = onEvent;
            return this;
        }

        /**
         * A check of the template and the request's parameters, run before anything is sent; it refuses by throwing.
         * With Corekube's cluster template: {@code (template, parameters) -> UserDataBudget.check(template, parameters)}
         * (corekube-templates), so that user data Nova would refuse fails before the stack is created.
         */
        public Builder check(java.util.function.BiConsumer<String, java.util.Map<String, String>> check) {
            this.check = Objects.requireNonNull(check, "check");
            return this;
        }

        /** The provisioner. */
        public HeatClusterProvisioner build() {
            return new HeatClusterProvisioner(this);
        }
    }
}

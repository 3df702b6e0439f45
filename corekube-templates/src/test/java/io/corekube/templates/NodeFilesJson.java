package io.corekube.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corekube.templates.kubernetes.KubernetesRoles;
import io.corekube.templates.kubernetes.NodeFiles;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads a node file the SDK renders (JSON, as Kubernetes reads its YAML) back, for tests. */
public final class NodeFilesJson {

    /** A discovery URL base as the cluster template gives it, placeholders and all. */
    public static final String DISCOVERY = "http://corekube-discovery-ip:2379/v2/keys/discovery/corekube-cluster-uuid";

    private NodeFilesJson() {
    }

    /** The file at {@code path} of a {@code kind} node, parsed. */
    public static JsonNode read(KubernetesRoles roles, String kind, String path) {
        String text = NodeFiles.of(roles).forNode(kind, DISCOVERY).get(path);
        if (text == null) {
            throw new AssertionError("no file " + path + " on a " + kind);
        }
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

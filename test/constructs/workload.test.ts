import { describe, expect, it } from "vitest";
import { VPA_MODE_ANNOTATION } from "../../constructs/workload/scaling.js";
import type { KubeObject } from "../../constructs/synth.js";
import { baseConfig, findObject, hasObject, health, renderInline } from "../support/inline.js";

type Json = Record<string, any>;
const spec = (object: KubeObject) => object.spec as Json;
const podSpec = (objects: KubeObject[], name: string) => spec(findObject(objects, "Deployment", name)).template.spec as Json;

const api = { image: { repository: "api", tag: "1.0.0" }, ports: [{ name: "http", port: 8080 }], probes: health };

describe("ServiceWorkload", () => {
  it("meets Pod Security 'restricted' at pod and container level", () => {
    const pod = podSpec(renderInline(baseConfig({ api: { ...api, containers: { side: { image: { repository: "side", tag: "1" } } } } })), "api");
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(pod.containers).toHaveLength(2);
    for (const container of pod.containers) {
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
      });
    }
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it("always sets requests and a memory limit, and pins the image with the platform registry", () => {
    const container = podSpec(renderInline(baseConfig({ api })), "api").containers[0];
    expect(container.resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "128Mi" } });
    expect(container.image).toBe("ghcr.io/acme/api:1.0.0");
    expect(container.imagePullPolicy).toBe("IfNotPresent");
  });

  it("keeps a repository's own registry and renders digests", () => {
    const digest = `sha256:${"a".repeat(64)}`;
    const objects = renderInline(baseConfig({ api: { ...api, image: { repository: "quay.io/team/api", tag: "1.0.0", digest } } }));
    expect(podSpec(objects, "api").containers[0].image).toBe(`quay.io/team/api:1.0.0@${digest}`);
    const byDigest = renderInline(baseConfig({ api: { ...api, image: { repository: "api", digest } } }));
    expect(findObject(byDigest, "Deployment", "api").metadata.labels).toMatchObject({ "app.kubernetes.io/version": "aaaaaaaaaaaa" });
  });

  it("mounts an emptyDir for each writable path of each container", () => {
    const pod = podSpec(
      renderInline(baseConfig({ api: { ...api, writablePaths: ["/tmp"], containers: { side: { image: { repository: "side", tag: "1" }, writablePaths: ["/var/cache"] } } } })),
      "api",
    );
    expect(pod.volumes).toEqual([
      { name: "tmp", emptyDir: {} },
      { name: "side-var-cache", emptyDir: {} },
    ]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: "tmp", mountPath: "/tmp" }]);
    expect(pod.containers[1].volumeMounts).toEqual([{ name: "side-var-cache", mountPath: "/var/cache" }]);
  });

  it("renders readiness and liveness probes on the declared ports", () => {
    const config = baseConfig({
      api: {
        ...api,
        ports: [
          { name: "grpc", port: 9000, protocol: "grpc" },
          { name: "http", port: 80, containerPort: 8080 },
        ],
        probes: { readiness: { grpc: {} }, liveness: { http: { path: "/healthz" } }, startup: { tcp: { port: 8080 } } },
      },
    });
    const container = podSpec(renderInline(config), "api").containers[0];
    expect(container.readinessProbe.grpc).toEqual({ port: 9000 });
    expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(container.startupProbe.tcpSocket).toEqual({ port: "http" });
  });

  it("gives big pods one Service over every container's ports, targeting port names", () => {
    const objects = renderInline(
      baseConfig({
        api: {
          ...api,
          containers: { shipper: { image: { repository: "shipper", tag: "1" }, ports: [{ name: "shipper", port: 8686, protocol: "tcp" }], probes: { readiness: { tcp: {} }, liveness: { tcp: {} } } } },
        },
      }),
    );
    expect(spec(findObject(objects, "Service", "api")).ports).toEqual([
      { name: "http", port: 8080, targetPort: "http", protocol: "TCP", appProtocol: "http" },
      { name: "shipper", port: 8686, targetPort: "shipper", protocol: "TCP", appProtocol: "tcp" },
    ]);
    expect(findObject(objects, "Deployment", "api").spec).toMatchObject({ template: { metadata: { annotations: { "kubectl.kubernetes.io/default-container": "api" } } } });
  });

  it("renders no Service for a worker without ports", () => {
    const objects = renderInline(baseConfig({ worker: { image: { repository: "worker", tag: "1" } } }));
    expect(hasObject(objects, "Deployment", "worker")).toBe(true);
    expect(hasObject(objects, "Service", "worker")).toBe(false);
  });
});

describe("labels and selectors", () => {
  const objects = renderInline({ ...baseConfig({ api }), platform: { name: "shop", team: "payments", labels: { "cost-center": "42" } } });

  it("puts the standard labels on every object", () => {
    for (const object of objects) {
      expect(object.metadata.labels, `${object.kind}/${object.metadata.name}`).toMatchObject({
        "app.kubernetes.io/part-of": "shop",
        "app.kubernetes.io/managed-by": "slipway",
        "app.kubernetes.io/instance": expect.stringMatching(/-dev$/),
        "app.kubernetes.io/name": expect.any(String),
        "app.kubernetes.io/version": expect.any(String),
        team: "payments",
        "cost-center": "42",
      });
    }
  });

  it("selects on name and instance only", () => {
    const selector = { "app.kubernetes.io/name": "api", "app.kubernetes.io/instance": "api-dev" };
    const deployment = spec(findObject(objects, "Deployment", "api"));
    expect(deployment.selector).toEqual({ matchLabels: selector });
    expect(deployment.template.metadata.labels).toMatchObject(selector);
    expect(spec(findObject(objects, "Service", "api")).selector).toEqual(selector);
  });

  it("keeps selectors stable when the version changes", () => {
    const upgraded = renderInline({ ...baseConfig({ api: { ...api, image: { repository: "api", tag: "9.9.9" } } }) });
    expect(spec(findObject(upgraded, "Deployment", "api")).selector).toEqual(spec(findObject(objects, "Deployment", "api")).selector);
    expect(findObject(upgraded, "Deployment", "api").metadata.labels?.["app.kubernetes.io/version" as never]).toBe("9.9.9");
  });

  it("never puts a hash in a name", () => {
    const fixedNames = ["default", "default-deny", "allow-dns", "allow-nothing", "envoy-stats", "workload-alerts"];
    for (const object of objects) expect([...fixedNames, "api", "web", "shop", "api-dashboard", "web-dashboard"]).toContain(object.metadata.name);
  });
});

describe("replicas, HPA, VPA and PDB", () => {
  const autoscaled = { ...api, autoscaling: { min: 2, max: 8, cpu: 70, pods: [{ metric: "rps", averageValue: "100" }] } };
  /** A cluster whose prometheus-adapter serves the Pods metric. */
  const adapter = { namespaces: { shop: {} }, cluster: { customMetricsApi: true } };

  it("omits spec.replicas when an HPA manages the Deployment", () => {
    const objects = renderInline(baseConfig({ api: autoscaled }, adapter));
    expect(spec(findObject(objects, "Deployment", "api"))).not.toHaveProperty("replicas");
    expect(spec(findObject(objects, "HorizontalPodAutoscaler", "api"))).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "api" },
      minReplicas: 2,
      maxReplicas: 8,
      metrics: [
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
        { type: "Pods", pods: { metric: { name: "rps" }, target: { type: "AverageValue", averageValue: "100" } } },
      ],
    });
  });

  it("sets spec.replicas and renders no HPA without autoscaling", () => {
    const objects = renderInline(baseConfig({ api: { ...api, replicas: 3 } }));
    expect(spec(findObject(objects, "Deployment", "api")).replicas).toBe(3);
    expect(hasObject(objects, "HorizontalPodAutoscaler", "api")).toBe(false);
  });

  it("forces the VPA Off when the HPA scales on cpu or memory, and says so", () => {
    const objects = renderInline(baseConfig({ api: { ...autoscaled, vpa: { mode: "Auto", minAllowed: { cpu: "100m" }, maxAllowed: { memory: "4Gi" } } } }, adapter));
    const vpa = findObject(objects, "VerticalPodAutoscaler", "api");
    expect(spec(vpa).updatePolicy).toEqual({ updateMode: "Off" });
    expect(vpa.metadata.annotations).toEqual({ [VPA_MODE_ANNOTATION]: "Auto (Off: the HPA scales on cpu/memory)" });
    expect(spec(vpa).resourcePolicy.containerPolicies).toEqual([
      { containerName: "api", controlledResources: ["cpu", "memory"], minAllowed: { cpu: "100m" }, maxAllowed: { memory: "4Gi" } },
      { containerName: "*", mode: "Off" },
    ]);
  });

  it("forces the VPA Off when the HPA scales on memory alone", () => {
    const objects = renderInline(baseConfig({ api: { ...autoscaled, autoscaling: { min: 2, max: 8, memory: 80 }, vpa: { mode: "Auto" } } }));
    expect(spec(findObject(objects, "HorizontalPodAutoscaler", "api")).metrics).toEqual([{ type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } }]);
    expect(spec(findObject(objects, "VerticalPodAutoscaler", "api")).updatePolicy).toEqual({ updateMode: "Off" });
  });

  it("keeps the VPA mode when the HPA scales only on custom metrics", () => {
    const objects = renderInline(baseConfig({ api: { ...autoscaled, autoscaling: { min: 2, max: 8, pods: [{ metric: "rps", averageValue: "100" }] }, vpa: { mode: "Auto" } } }, adapter));
    const vpa = findObject(objects, "VerticalPodAutoscaler", "api");
    expect(spec(vpa).updatePolicy).toEqual({ updateMode: "Auto" });
    expect(vpa.metadata.annotations).toBeUndefined();
  });

  it("renders a PDB exactly when more than one replica can run", () => {
    const pdbFor = (service: object) => renderInline(baseConfig({ api: { ...api, ...service } })).find((o) => o.kind === "PodDisruptionBudget" && o.metadata.name === "api");
    expect(pdbFor({ replicas: 1 })).toBeUndefined();
    expect(pdbFor({ replicas: 2 })?.spec).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/name": "api", "app.kubernetes.io/instance": "api-dev" } },
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: "AlwaysAllow",
    });
    expect(pdbFor({ autoscaling: { min: 1, max: 3, cpu: 50 } })).toBeDefined();
    expect(pdbFor({ replicas: 4, pdb: { minAvailable: "50%" } })?.spec).toMatchObject({ minAvailable: "50%" });
    expect(pdbFor({ replicas: 3, pdb: { enabled: false } })).toBeUndefined();
  });

  it("spreads pods over zones and nodes only when more than one replica can run", () => {
    const spreadFor = (service: object) => podSpec(renderInline(baseConfig({ api: { ...api, ...service } })), "api").topologySpreadConstraints;
    expect(spreadFor({ replicas: 1 })).toBeUndefined();
    const spread = spreadFor({ replicas: 2 });
    expect(spread.map((constraint: Json) => constraint.topologyKey)).toEqual(["topology.kubernetes.io/zone", "kubernetes.io/hostname"]);
    for (const constraint of spread) {
      expect(constraint.labelSelector.matchLabels).toEqual({ "app.kubernetes.io/name": "api", "app.kubernetes.io/instance": "api-dev" });
      expect(constraint.matchLabelKeys).toEqual(["pod-template-hash"]);
    }
  });
});

// Pod options: probes of every kind, init containers and native sidecars, lifecycle hooks,
// scheduling, priority, pull Secrets, annotations, and a Deployment's declared strategy — rendered
// as declared, hardened like every container, and refused where Kubernetes would refuse them.
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import type { ServiceInput } from "../../spec/schema/service.js";
import { baseConfig, findObject, health, renderInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;
const image = (repository: string) => ({ repository, tag: "1.0.0" });
const podSpec = (objects: readonly KubeObject[], kind = "Deployment", name = "web") => (findObject(objects, kind, name).spec as Json).template.spec;
const web = (extra: Record<string, unknown>): ServiceInput => ({ image: image("web"), ports: [{ name: "http", port: 8080 }], probes: health, replicas: 2, ...extra }) as ServiceInput;
const config = (service: ServiceInput, environment: Record<string, unknown> = {}): TestConfig => baseConfig({ web: service }, { namespaces: { shop: {} }, ...environment });
const errors = (service: ServiceInput, environment?: Record<string, unknown>) => specErrors(config(service, environment)).join("\n");
const RESTRICTED = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true };

describe("probes", () => {
  it("exec, grpc and startup probes render as declared, an exec probe needing no port", () => {
    const container = podSpec(
      renderInline(
        config(
          web({
            ports: [{ name: "grpc", port: 9090, protocol: "grpc" }],
            probes: { readiness: { grpc: { service: "ready" } }, liveness: { exec: { command: ["/bin/check"] } }, startup: { tcp: {}, failureThreshold: 30 } },
          }),
        ),
        "dev",
      ),
    ).containers[0];
    expect(container.readinessProbe).toMatchObject({ grpc: { port: 9090, service: "ready" } });
    expect(container.livenessProbe).toMatchObject({ exec: { command: ["/bin/check"] } });
    expect(container.startupProbe).toMatchObject({ tcpSocket: { port: "grpc" }, failureThreshold: 30 });
  });

  it("a probe with two actions, or an exec probe without a command, is an error", () => {
    expect(errors(web({ probes: { ...health, liveness: { exec: { command: ["/bin/check"] }, tcp: {} } } }))).toContain("services.web.probes.liveness: a probe takes exactly one of http, tcp, grpc or exec; this one sets tcp and exec");
    expect(errors(web({ probes: { ...health, liveness: { exec: { command: [] } } } }))).toContain("services.web.probes.liveness.exec.command: an exec probe needs a command");
  });
});

describe("init containers", () => {
  const initContainers = [
    { name: "wait-for-db", image: image("wait"), args: ["--host", "db"] },
    { name: "proxy", restartPolicy: "Always", image: image("proxy"), ports: [{ name: "proxy", port: 15432, protocol: "tcp" }], probes: { readiness: { tcp: {} }, liveness: { tcp: {} } } },
    { name: "seed", image: image("seed"), writablePaths: ["/tmp"] },
  ];
  const objects = renderInline(config(web({ initContainers }), { cluster: { kubernetesVersion: "1.29" } }), "dev");
  const pod = podSpec(objects);

  it("run in declared order, each hardened like the containers, a native sidecar with restartPolicy Always", () => {
    expect(pod.initContainers.map((container: Json) => container.name)).toEqual(["wait-for-db", "proxy", "seed"]);
    for (const container of pod.initContainers) {
      expect(container.securityContext).toEqual(RESTRICTED);
      expect(container.resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "128Mi" } });
    }
    expect(pod.initContainers.map((container: Json) => container.restartPolicy)).toEqual([undefined, "Always", undefined]);
    expect(pod.initContainers[2].volumeMounts).toEqual([{ name: "seed-tmp", mountPath: "/tmp" }]);
    expect(pod.volumes).toContainEqual({ name: "seed-tmp", emptyDir: {} });
  });

  it("a native sidecar's ports are the pod's: the Service serves them", () => {
    expect((findObject(objects, "Service", "web").spec as Json).ports.map((port: Json) => port.name)).toEqual(["http", "proxy"]);
  });

  it("the quota counts a pod's effective resources: containers and sidecars together, or a larger plain init container", () => {
    const big = [{ name: "warm-cache", image: image("warm"), resources: { requests: { cpu: "2", memory: "4Gi" } } }];
    const quota = (service: ServiceInput) => (findObject(renderInline(config(service), "dev"), "ResourceQuota", "shop").spec as Json).hard;
    // 2 replicas + 1 surge pod, 100m and 128Mi each; the init container's 2 CPU and 4Gi outweigh them.
    expect(quota(web({}))).toMatchObject({ "requests.cpu": "300m", "requests.memory": "384Mi" });
    expect(quota(web({ initContainers: big }))).toMatchObject({ "requests.cpu": "6", "requests.memory": "12Gi" });
  });

  it("in a meshed pod, make istio-proxy a native sidecar, so the CNI's redirection has a proxy to reach; older clusters are refused", () => {
    const meshed = { mesh: { injection: true, cni: true } };
    const template = (findObject(renderInline(config(web({ initContainers: [initContainers[0]] }), { ...meshed, cluster: { kubernetesVersion: "1.29" } }), "dev"), "Deployment", "web").spec as Json).template;
    expect(template.metadata.annotations["sidecar.istio.io/nativeSidecar"]).toBe("true");
    const plain = (findObject(renderInline(config(web({}), meshed), "dev"), "Deployment", "web").spec as Json).template;
    expect(plain.metadata.annotations["sidecar.istio.io/nativeSidecar"]).toBeUndefined();
    expect(errors(web({ initContainers: [initContainers[0]] }), meshed)).toContain("cluster.kubernetesVersion: 1.28 is too old: in a meshed environment istio-proxy runs as a native sidecar where the workloads with init containers (web) run it so that those have a network");
  });

  it.each([
    ["a plain init container serving ports", { name: "x", image: image("x"), ports: [{ name: "x", port: 9000 }] }, "services.web.initContainers[0].ports: a plain init container runs to completion before the pod serves"],
    ["a plain init container with a probe", { name: "x", image: image("x"), probes: { startup: { exec: { command: ["/ok"] } } } }, "Kubernetes allows no startup probe on a plain init container"],
    ["an init container named like the main container", { name: "web", image: image("x") }, 'services.web.initContainers[0].name: "web" is already the name of the main container'],
    ["a native sidecar on Kubernetes 1.28", { name: "x", image: image("x"), restartPolicy: "Always" }, "services.web.initContainers[0].restartPolicy: a native sidecar (restartPolicy: Always) needs Kubernetes 1.29 or later, and cluster.kubernetesVersion is 1.28"],
  ])("%s is an error", (_name, initContainer, message) => {
    expect(errors(web({ initContainers: [initContainer] }))).toContain(message);
  });
});

describe("pod placement and metadata", () => {
  const options = {
    nodeSelector: { "kubernetes.io/os": "linux" },
    tolerations: [{ key: "dedicated", value: "web", effect: "NoSchedule" }],
    affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { topologyKey: "kubernetes.io/hostname" } }] } },
    priorityClassName: "critical",
    imagePullSecrets: ["ghcr-pull"],
    podAnnotations: { "example.com/owner": "storefront" },
    podLabels: { tier: "frontend" },
    lifecycle: { preStop: { exec: { command: ["/bin/sleep", "5"] } } },
    terminationGracePeriodSeconds: 60,
  };
  const objects = renderInline(config(web(options)), "dev");
  const pod = podSpec(objects);

  it("render as declared", () => {
    expect(pod).toMatchObject({
      nodeSelector: options.nodeSelector,
      tolerations: [{ key: "dedicated", operator: "Equal", value: "web", effect: "NoSchedule" }],
      affinity: options.affinity,
      priorityClassName: "critical",
      imagePullSecrets: [{ name: "ghcr-pull" }],
      terminationGracePeriodSeconds: 60,
    });
    expect(pod.containers[0].lifecycle).toEqual({ preStop: { exec: { command: ["/bin/sleep", "5"] } } });
    const template = (findObject(objects, "Deployment", "web").spec as Json).template;
    expect(template.metadata.annotations).toMatchObject({ "example.com/owner": "storefront", "kubectl.kubernetes.io/default-container": "web" });
    expect(template.metadata.labels).toMatchObject({ tier: "frontend" });
  });

  it("extra labels and annotations never reach a selector", () => {
    expect((findObject(objects, "Deployment", "web").spec as Json).selector.matchLabels).not.toHaveProperty("tier");
    expect((findObject(objects, "Service", "web").spec as Json).selector).not.toHaveProperty("tier");
    for (const constraint of pod.topologySpreadConstraints) expect(constraint.labelSelector.matchLabels).not.toHaveProperty("tier");
  });

  it("declared spreading replaces the default, still over the workload's own pods; [] spreads nothing", () => {
    expect(pod.topologySpreadConstraints.map((constraint: Json) => constraint.topologyKey)).toEqual(["topology.kubernetes.io/zone", "kubernetes.io/hostname"]);
    const declared = podSpec(renderInline(config(web({ topologySpread: [{ topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule" }] })), "dev"));
    expect(declared.topologySpreadConstraints).toEqual([
      { topologyKey: "kubernetes.io/hostname", maxSkew: 1, whenUnsatisfiable: "DoNotSchedule", labelSelector: pod.topologySpreadConstraints[0].labelSelector, matchLabelKeys: ["pod-template-hash"] },
    ]);
    expect(podSpec(renderInline(config(web({ topologySpread: [] })), "dev")).topologySpreadConstraints).toBeUndefined();
  });

  it.each([
    ["an annotation slipway sets", { podAnnotations: { "checksum/config-files": "x" } }, 'services.web.podAnnotations["checksum/config-files"]: slipway sets checksum/config-files itself'],
    ["an Exists toleration with a value", { tolerations: [{ key: "a", operator: "Exists", value: "b" }] }, "services.web.tolerations[0].value: operator Exists takes no value"],
    ["tolerationSeconds without NoExecute", { tolerations: [{ key: "a", value: "b", tolerationSeconds: 30 }] }, 'services.web.tolerations[0].tolerationSeconds: tolerationSeconds applies only to effect "NoExecute"'],
    ["minDomains on a soft constraint", { topologySpread: [{ topologyKey: "kubernetes.io/hostname", minDomains: 2 }] }, "services.web.topologySpread[0].minDomains: minDomains needs whenUnsatisfiable: DoNotSchedule"],
    ["a preStop hook without a command", { lifecycle: { preStop: { exec: { command: [] } } } }, "services.web.lifecycle.preStop.exec.command: a preStop hook needs a command"],
  ])("%s is an error", (_name, change, message) => {
    expect(errors(web(change))).toContain(message);
  });
});

describe("a Deployment's strategy and history", () => {
  const deployment = (service: ServiceInput) => findObject(renderInline(config(service), "dev"), "Deployment", "web").spec as Json;
  const quotaPods = (service: ServiceInput) => (findObject(renderInline(config(service), "dev"), "ResourceQuota", "shop").spec as Json).hard.pods;

  it("a declared rolling update renders its surge, and the quota holds exactly that many extra pods", () => {
    expect(deployment(web({ replicas: 8, strategy: { type: "RollingUpdate", maxSurge: 3, maxUnavailable: "25%" } })).strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: 3, maxUnavailable: "25%" } });
    expect(quotaPods(web({ replicas: 8, strategy: { type: "RollingUpdate", maxSurge: 3 } }))).toBe("11");
    expect(quotaPods(web({ replicas: 8, strategy: { type: "RollingUpdate", maxSurge: "50%" } }))).toBe("12");
    expect(quotaPods(web({ replicas: 8 }))).toBe("10");
  });

  it("Recreate surges nothing; revisionHistoryLimit is as declared", () => {
    expect(deployment(web({ strategy: { type: "Recreate" }, revisionHistoryLimit: 2 }))).toMatchObject({ strategy: { type: "Recreate" }, revisionHistoryLimit: 2 });
    expect(quotaPods(web({ replicas: 8, strategy: { type: "Recreate" } }))).toBe("8");
  });

  it("a rolling update of a ReadWriteOnce claim is an error; the strategy is a Deployment's only", () => {
    const storage = [{ name: "data", mountPath: "/data", size: "1Gi" }];
    expect(errors(web({ replicas: 1, storage, strategy: { type: "RollingUpdate" } }))).toContain("services.web.strategy.type: volume data is a ReadWriteOnce claim one node mounts at a time");
    expect(deployment(web({ replicas: 1, storage })).strategy).toEqual({ type: "Recreate" });
    expect(errors(web({ kind: "statefulset", strategy: { type: "Recreate" } } as never))).toContain('"strategy" is not a field of kind "statefulset"');
  });
});

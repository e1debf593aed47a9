// argocd/: the AppProject and Applications computed from the rendered output.
import * as yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { render, renderArgoCd } from "../../cli/render.js";
import { synthEnvironment, type KubeObject } from "../../constructs/synth.js";
import { withArgoCdAnnotations } from "../../constructs/gitops/argocd-annotations.js";
import { SYNC_OPTIONS_ANNOTATION } from "../../constructs/gitops/prune-protection.js";
import { SYNC_WAVE_ANNOTATION } from "../../constructs/gitops/sync-waves.js";
import { loadEnvironments } from "../../spec/index.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { readTree } from "../support/files.js";
import { baseConfig, resolveInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;
const ENVIRONMENTS = ["dev", "production", "staging"];

let committed: Map<string, string>;
let fresh: ReadonlyMap<string, string>;
const dist = new Map<string, KubeObject[]>();
const argocdObjects = () => [...committed.entries()].filter(([path]) => path.endsWith(".yaml")).map(([, content]) => yaml.load(content) as KubeObject & { spec: Json });
const environmentOf = (object: KubeObject) => (object.metadata.labels as Json | undefined)?.environment as string | undefined;
/** The environments' projects and Applications (the root Application and its project belong to no environment). */
const projects = () => argocdObjects().filter((object) => object.kind === "AppProject" && environmentOf(object) !== undefined);
const projectOf = (environment: string) => projects().find((object) => object.metadata.name === `ai-api-${environment}`)!;
/** Namespaces the environment owns (renders the Namespace of), computed from dist/ independently of slipway. */
const ownNamespaces = (environment: string) => new Set(dist.get(environment)!.filter((object) => object.kind === "Namespace").map((object) => object.metadata.name));
const inOwnPart = (environment: string) => (object: KubeObject) => object.metadata.namespace === undefined || ownNamespaces(environment).has(object.metadata.namespace);
const applications = () => argocdObjects().filter((object) => object.kind === "Application" && environmentOf(object) !== undefined);
const named = (name: string) => argocdObjects().find((object) => object.metadata.name === name)!;

beforeAll(async () => {
  committed = await readTree("argocd");
  fresh = (await render({ config: "environments", promtool: false })).argocd!.files;
  for (const environment of ENVIRONMENTS) {
    const tree = await readTree(`dist/${environment}`);
    dist.set(environment, [...tree.entries()].filter(([path]) => path.endsWith(".yaml") && path !== "kustomization.yaml").map(([, content]) => yaml.load(content) as KubeObject));
  }
});

describe("argocd/ is the render of environments/", () => {
  it("equals a fresh render (run `npm run synth` if not)", () => {
    expect(committed).toEqual(fresh);
  });

  it("matches its snapshot", async () => {
    const document = [...fresh.entries()].map(([path, content]) => `# ${path}\n${content}`).join("---\n");
    await expect(document).toMatchFileSnapshot("__snapshots__/argocd.yaml");
  });

  it("validates against the Argo CD models and strict schemas", () => {
    const located = argocdObjects().map((object) => ({ object }));
    // The root's project, and per environment its own and its istio-system one; the root Application, and per environment and cluster two.
    expect(located.map(({ object }) => object.kind).sort()).toEqual([...Array(7).fill("AppProject"), ...Array(11).fill("Application")]);
    expect(runGate("argocd", located, { profile: "restricted", schemas: SchemaCatalog.load() })).toEqual([]);
  });

  it("has no kustomization.yaml, so `kubectl apply -f argocd/` applies only Argo CD objects, projects first", () => {
    const files = [...committed.keys()];
    expect(files).not.toContain("kustomization.yaml");
    expect(files.filter((file) => file.endsWith(".yaml")).slice(0, 7)).toEqual([
      "00-appproject-ai-api-dev-istio-system.yaml",
      "00-appproject-ai-api-dev.yaml",
      "00-appproject-ai-api-gitops.yaml",
      "00-appproject-ai-api-production-istio-system.yaml",
      "00-appproject-ai-api-production.yaml",
      "00-appproject-ai-api-staging-istio-system.yaml",
      "00-appproject-ai-api-staging.yaml",
    ]);
  });
});

describe("argocd/ delivered by Git", () => {
  it("the root Application syncs the output repository's argocd/ folder into Argo CD's namespace, pruning nothing", () => {
    const root = named("ai-api-argocd");
    expect(root.kind).toBe("Application");
    expect(root.spec).toMatchObject({
      project: "ai-api-gitops",
      source: { repoURL: "https://github.com/example/ai-api-deploy.git", targetRevision: "main", path: "argocd", directory: { recurse: false, exclude: "README.md" } },
      destination: { server: "https://kubernetes.default.svc", namespace: "argocd" },
      syncPolicy: { automated: { prune: false, selfHeal: true } },
    });
  });

  it("syncs the projects (wave -1) before the Applications that name them", () => {
    for (const project of argocdObjects().filter(({ kind }) => kind === "AppProject")) expect(project.metadata.annotations).toEqual({ "argocd.argoproj.io/sync-wave": "-1" });
    for (const app of argocdObjects().filter(({ kind }) => kind === "Application")) expect((app.metadata.annotations as Json | undefined)?.["argocd.argoproj.io/sync-wave"]).toBeUndefined();
  });

  it("its project may manage only AppProjects and Applications, only in Argo CD's namespace, from the output repository only", () => {
    expect(named("ai-api-gitops").spec).toEqual({
      description: "ai-api: argocd/ (the projects and Applications) synced from the output repository",
      sourceRepos: ["https://github.com/example/ai-api-deploy.git"],
      destinations: [{ server: "https://kubernetes.default.svc", namespace: "argocd" }],
      namespaceResourceWhitelist: [
        { group: "argoproj.io", kind: "AppProject" },
        { group: "argoproj.io", kind: "Application" },
      ],
    });
  });
});

describe("the AppProjects", () => {
  // Computed here from the committed dist/ files, independently of slipway's own derivation.
  const groupKind = (object: KubeObject) => ({ group: object.apiVersion.includes("/") ? object.apiVersion.split("/")[0]! : "", kind: object.kind });
  const distinct = (list: { group: string; kind: string }[]) => [...new Map(list.map((entry) => [`${entry.group}/${entry.kind}`, entry])).values()];
  const sortKinds = (list: { group: string; kind: string }[]) => [...list].sort((a, b) => `${a.group}/${a.kind}`.localeCompare(`${b.group}/${b.kind}`));

  it("are one per environment and one per namespace it renders into without owning it, each its Applications' project", () => {
    expect(projects().map((object) => object.metadata.name).sort()).toEqual(["ai-api-dev", "ai-api-dev-istio-system", "ai-api-production", "ai-api-production-istio-system", "ai-api-staging", "ai-api-staging-istio-system"]);
    for (const app of applications()) {
      const environment = (app.metadata.labels as Json).environment;
      expect(app.spec.project).toBe(app.metadata.name.endsWith("-istio-system") ? `ai-api-${environment}-istio-system` : `ai-api-${environment}`);
    }
  });

  it.each(ENVIRONMENTS)("%s: whitelists exactly the cluster-scoped and namespaced kinds rendered in its own namespaces", (environment) => {
    const objects = dist.get(environment)!.filter(inOwnPart(environment));
    const cluster = distinct(objects.filter((object) => object.metadata.namespace === undefined).map(groupKind));
    const namespaced = distinct(objects.filter((object) => object.metadata.namespace !== undefined).map(groupKind));
    expect(sortKinds(projectOf(environment).spec.clusterResourceWhitelist)).toEqual(sortKinds(cluster));
    expect(sortKinds(projectOf(environment).spec.namespaceResourceWhitelist)).toEqual(sortKinds(namespaced));
    expect(cluster).toEqual([{ group: "", kind: "Namespace" }]);
  });

  it.each(ENVIRONMENTS)("%s: allows only the output repository, and its own namespaces on each of its own clusters", async (environment) => {
    const project = projectOf(environment);
    expect(project.spec.sourceRepos).toEqual(["https://github.com/example/ai-api-deploy.git"]);
    const spec = (await loadEnvironments("environments")).find(({ name }) => name === environment)!;
    const namespaces = [...ownNamespaces(environment)];
    expect(namespaces.length).toBeGreaterThan(0);
    const expected = [spec.cluster.server, ...spec.additionalClusters.map(({ server }) => server)].flatMap((server) => namespaces.map((namespace) => `${server} ${namespace}`));
    expect(project.spec.destinations.map(({ server, namespace }: Json) => `${server} ${namespace}`).sort()).toEqual(expected.sort());
  });

  it("keep each environment's Applications off the other environments' clusters", () => {
    expect(projectOf("production").spec.destinations).toContainEqual({ server: "https://production-dr.k8s.example.com:6443", namespace: "ai-api" });
    expect(projectOf("dev").spec.destinations.map(({ server }: Json) => server)).toEqual(expect.arrayContaining(["https://dev.k8s.example.com:6443"]));
    for (const environment of ["dev", "staging"]) {
      expect(projectOf(environment).spec.destinations.filter(({ server }: Json) => server.includes("production"))).toEqual([]);
    }
    expect(projectOf("production").spec.destinations.filter(({ namespace }: Json) => namespace.endsWith("-dev") || namespace.endsWith("-staging"))).toEqual([]);
  });

  it.each(ENVIRONMENTS)("%s: the control plane's namespace only where an object is rendered there, and then only that kind", async (environment) => {
    // Each environment renders the ingress gateway's Certificate into istio-system and nothing else there.
    const foreign = dist.get(environment)!.filter((object) => !inOwnPart(environment)(object));
    expect(foreign.map((object) => `${object.kind} ${object.metadata.namespace}`)).toEqual(["Certificate istio-system"]);
    for (const project of projects()) {
      if (project.metadata.name.endsWith("-istio-system")) continue;
      expect(project.spec.destinations.filter(({ namespace }: Json) => namespace === "istio-system")).toEqual([]);
    }
    const spec = (await loadEnvironments("environments")).find(({ name }) => name === environment)!;
    const controlPlane = projects().find((object) => object.metadata.name === `ai-api-${environment}-istio-system`)!;
    expect(controlPlane.spec).toMatchObject({
      sourceRepos: ["https://github.com/example/ai-api-deploy.git"],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [{ group: "cert-manager.io", kind: "Certificate" }],
    });
    const servers = [spec.cluster.server, ...spec.additionalClusters.map(({ server }) => server)].sort();
    expect(controlPlane.spec.destinations).toEqual(servers.map((server) => ({ server, namespace: "istio-system" })));
    expect(controlPlane.spec.syncWindows).toEqual(projectOf(environment).spec.syncWindows);
  });

  it("an environment that owns every namespace it renders into has one project", () => {
    const config = baseConfig();
    config.platform.gitops = { repoURL: "https://git.example.com/acme/shop-deploy.git" };
    const environments = resolveInline(config);
    const { objects } = renderArgoCd(environments.map((spec) => ({ spec, objects: synthEnvironment(spec) })), SchemaCatalog.load());
    expect(objects.filter(({ kind }) => kind === "AppProject").map(({ metadata }) => metadata.name)).toEqual(["shop-gitops", "shop-dev"]);
  });
});

describe("the Applications", () => {
  const application = (name: string) => applications().find((object) => object.metadata.name === name)!;
  const environmentOf = (app: KubeObject & { spec: Json }) => app.spec.source.path as string;

  it("are one per environment and cluster, and one per cluster for istio-system, where the environment does not own the namespace", () => {
    expect(applications().map((app) => `${app.metadata.name} → ${app.spec.destination.server} ${app.spec.destination.namespace}`).sort()).toEqual([
      "ai-api-dev → https://dev.k8s.example.com:6443 ai-api-dev",
      "ai-api-dev-istio-system → https://dev.k8s.example.com:6443 istio-system",
      "ai-api-production → https://production.k8s.example.com:6443 ai-api",
      "ai-api-production-dr → https://production-dr.k8s.example.com:6443 ai-api",
      "ai-api-production-dr-istio-system → https://production-dr.k8s.example.com:6443 istio-system",
      "ai-api-production-eu-west → https://production-eu.k8s.example.com:6443 ai-api",
      "ai-api-production-eu-west-istio-system → https://production-eu.k8s.example.com:6443 istio-system",
      "ai-api-production-istio-system → https://production.k8s.example.com:6443 istio-system",
      "ai-api-staging → https://staging.k8s.example.com:6443 ai-api-staging",
      "ai-api-staging-istio-system → https://staging.k8s.example.com:6443 istio-system",
    ]);
  });

  it("sync their environment's folder automatically, server-side, pruning last, with retries and no CreateNamespace", () => {
    for (const app of applications()) {
      const controlPlane = app.metadata.name.endsWith("-istio-system");
      expect(app.spec.source).toEqual({
        repoURL: "https://github.com/example/ai-api-deploy.git",
        targetRevision: "main",
        ...(controlPlane
          ? { path: expect.stringMatching(/^(dev|staging|production)\/istio-system$/), directory: { recurse: true } }
          : { path: expect.stringMatching(/^(dev|staging|production)$/), directory: { recurse: true, exclude: "{kustomization.yaml,README.md,istio-system/*}" } }),
      });
      expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(app.spec.syncPolicy.syncOptions).toEqual(expect.arrayContaining(["ServerSideApply=true", "PruneLast=true", "RespectIgnoreDifferences=true"]));
      expect(app.spec.syncPolicy.syncOptions.join(",")).not.toContain("CreateNamespace");
      expect(app.spec.syncPolicy.retry).toEqual({ limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "5m" } });
      expect(app.metadata.annotations).toMatchObject({ "argocd.argoproj.io/manifest-generate-paths": "." });
      expect(app.metadata).not.toHaveProperty("finalizers");
    }
  });

  it("read their folder as plain YAML: together, and each file once, the files their directory sources read are exactly the kustomization's resources", async () => {
    // Argo CD's directory source: every .yaml/.yml/.json below the path, recursively, minus what its exclude glob matches.
    const matches = (glob: string | undefined, path: string) =>
      glob !== undefined && glob.replace(/^\{|\}$/g, "").split(",").some((pattern) => (pattern.endsWith("/*") ? path.startsWith(pattern.slice(0, -1)) : path === pattern));
    for (const environment of ENVIRONMENTS) {
      const tree = await readTree(`dist/${environment}`);
      const read = applications()
        .filter((app) => app.spec.destination.server === applications().find((main) => main.metadata.name === `ai-api-${environment}`)!.spec.destination.server)
        .flatMap((app) => {
          const prefix = app.spec.source.path === environment ? "" : `${app.spec.source.path.slice(environment.length + 1)}/`;
          return [...tree.keys()].filter((path) => path.startsWith(prefix) && /\.(ya?ml|json)$/.test(path) && !matches(app.spec.source.directory.exclude, path.slice(prefix.length)));
        })
        .sort();
      const kustomization = yaml.load(tree.get("kustomization.yaml")!) as { resources: string[] };
      expect(read).toEqual([...kustomization.resources].sort());
      expect(read.length).toBeGreaterThan(60);
    }
  });

  it("ignore /spec/replicas on exactly the Deployments an HPA or a KEDA ScaledObject manages", () => {
    for (const app of applications()) {
      if (app.metadata.name.endsWith("-istio-system")) {
        expect(app.spec.ignoreDifferences).toBeUndefined();
        continue;
      }
      const objects = dist.get(environmentOf(app))!;
      const scaled = objects
        .filter((object) => object.kind === "HorizontalPodAutoscaler" || object.kind === "ScaledObject")
        .map((autoscaler) => `${autoscaler.metadata.namespace}/${(autoscaler.spec as Json).scaleTargetRef.name}`)
        .sort();
      expect(scaled.length).toBeGreaterThan(1);
      expect(objects.some((object) => object.kind === "ScaledObject")).toBe(true);
      expect(app.spec.ignoreDifferences.map((entry: Json) => `${entry.namespace}/${entry.name}`).sort()).toEqual(scaled);
      for (const entry of app.spec.ignoreDifferences) {
        expect(entry).toMatchObject({ group: "apps", kind: "Deployment", jsonPointers: ["/spec/replicas"] });
        expect(objects.some((object) => object.kind === "Deployment" && object.metadata.name === entry.name && object.metadata.namespace === entry.namespace)).toBe(true);
      }
    }
  });

  it("subscribe production to its notifications, one annotation per trigger and service", () => {
    expect(application("ai-api-production-dr").metadata.annotations).toEqual({
      "argocd.argoproj.io/manifest-generate-paths": ".",
      "notifications.argoproj.io/subscribe.on-health-degraded.pagerduty": "ai-api-production",
      "notifications.argoproj.io/subscribe.on-health-degraded.slack": "ai-api-deploys",
      "notifications.argoproj.io/subscribe.on-sync-failed.slack": "ai-api-deploys",
    });
    expect(Object.keys(application("ai-api-dev").metadata.annotations as Json)).toEqual(["argocd.argoproj.io/manifest-generate-paths"]);
  });
});

describe.each(ENVIRONMENTS)("sync waves in dist/%s", (environment) => {
  const wave = (object: KubeObject) => Number((object.metadata.annotations as Json | undefined)?.[SYNC_WAVE_ANNOTATION] ?? 0);
  const wavesOf = (kind: string) => dist.get(environment)!.filter((object) => object.kind === kind).map(wave);

  it("put namespaces before everything else", () => {
    const namespaces = Math.max(...wavesOf("Namespace"));
    for (const object of dist.get(environment)!.filter((candidate) => candidate.kind !== "Namespace")) expect(wave(object), object.kind).toBeGreaterThan(namespaces);
  });

  it("put policies, the secret store and the secrets before workloads, and autoscalers and monitors after them", () => {
    const deployment = Math.min(...wavesOf("Deployment"));
    for (const kind of ["NetworkPolicy", "PeerAuthentication", "AuthorizationPolicy", "SecretStore", "ExternalSecret", "ServiceAccount"]) {
      expect(Math.max(...wavesOf(kind)), kind).toBeLessThan(deployment);
    }
    expect(Math.max(...wavesOf("SecretStore"))).toBeLessThan(Math.min(...wavesOf("ExternalSecret")));
    for (const kind of ["HorizontalPodAutoscaler", "PrometheusRule", "ServiceMonitor"]) expect(Math.min(...wavesOf(kind)), kind).toBeGreaterThan(deployment);
  });
});

describe("Argo CD objects from an inline platform", () => {
  const withGitOps = (gitops: Json, environment: Json = {}): TestConfig => {
    const config = baseConfig({ web: { image: { repository: "web", tag: "1.0.0" }, ports: [{ name: "http", port: 8080 }], probes: { readiness: { http: { path: "/" } }, liveness: { http: { path: "/" } } }, autoscaling: { min: 2, max: 4, cpu: 70 } } }, { namespaces: { shop: {} }, ...environment });
    config.platform = { ...config.platform, gitops: gitops as never };
    return config;
  };
  const argocdOf = (config: TestConfig) => {
    const outputs = resolveInline(config).map((spec) => ({ spec, objects: synthEnvironment(spec) }));
    return renderArgoCd(outputs, SchemaCatalog.load());
  };

  it("branch layout: each Application tracks its environment/<name> branch at the root", () => {
    const { objects, findings } = argocdOf(withGitOps({ repoURL: "git@github.com:acme/shop-deploy.git", layout: "branch" }));
    expect(findings).toEqual([]);
    const app = objects.find((object) => object.kind === "Application" && object.metadata.name === "shop-dev")! as Json;
    expect(app.spec.source).toEqual({ repoURL: "git@github.com:acme/shop-deploy.git", targetRevision: "environment/dev", path: ".", directory: { recurse: true, exclude: "{kustomization.yaml,README.md}" } });
    expect((objects.find((object) => object.metadata.name === "shop-argocd") as Json).spec.source).toMatchObject({ targetRevision: "argocd", path: "." });
  });

  it("sync windows: production's weekend freeze on its project only; a bad duration or time zone is a spec error", () => {
    expect(projectOf("production").spec.syncWindows).toEqual([{ kind: "deny", schedule: "0 18 * * 5", duration: "60h", timeZone: "Europe/Paris", applications: ["*"], manualSync: true }]);
    expect(projectOf("dev").spec).not.toHaveProperty("syncWindows");
    const window = (fields: Json) => withGitOps({ repoURL: "https://git.example.com/shop.git" }, { gitops: { syncWindows: [{ kind: "allow", schedule: "0 9 * * 1-5", duration: "8h", ...fields }] } });
    const { objects, findings } = argocdOf(window({}));
    expect(findings).toEqual([]);
    expect((objects.find((object) => object.kind === "AppProject" && object.metadata.name === "shop-dev") as Json).spec.syncWindows).toEqual([{ kind: "allow", schedule: "0 9 * * 1-5", duration: "8h", applications: ["*"], manualSync: false }]);
    expect(specErrors(window({ duration: "2d" })).join("\n")).toMatch(/environments\.dev\.gitops\.syncWindows\[0\]\.duration.*"2d" is not an Argo CD window duration/);
    expect(specErrors(window({ timeZone: "Paris" })).join("\n")).toMatch(/syncWindows\[0\]\.timeZone.*"Paris" is not an IANA time zone/);
    expect(specErrors(window({ schedule: "every friday" })).join("\n")).toMatch(/syncWindows\[0\]\.schedule/);
  });

  it("fleet: one ApplicationSet whose cluster generator selects the fleet by label, its project confined to the fleet's cluster names, validated against the ApplicationSet model and schema", () => {
    const fleet = { clusters: { fleet: "edge", tier: "retail" }, names: "edge-*" };
    const config = withGitOps({ repoURL: "https://git.example.com/shop.git" }, { fleet, ingress: { controller: "istio", tls: { issuer: { name: "letsencrypt" } } }, mesh: { injection: true, cni: true } });
    (config.services.web as Json).expose = { host: "shop.example.com" };
    const { objects, findings } = argocdOf(config);
    expect(findings).toEqual([]);
    // No Application per cluster: one ApplicationSet per part of the output (the environment's own, istio-system's).
    expect(objects.filter(({ kind }) => kind === "Application").map(({ metadata }) => metadata.name)).toEqual(["shop-argocd"]);
    const sets = objects.filter(({ kind }) => kind === "ApplicationSet") as Json[];
    expect(sets.map(({ metadata }) => metadata.name)).toEqual(["shop-dev", "shop-dev-istio-system"]);
    const [own, controlPlane] = sets as [Json, Json];
    expect(own.metadata.namespace).toBe("argocd");
    expect(own.spec).toMatchObject({
      goTemplate: true,
      goTemplateOptions: ["missingkey=error"],
      generators: [{ clusters: { selector: { matchLabels: { fleet: "edge", tier: "retail" } } } }],
      syncPolicy: { preserveResourcesOnDeletion: true },
    });
    expect(own.spec.template.metadata.name).toBe("shop-dev-{{.name}}");
    expect(own.spec.template.spec).toMatchObject({
      project: "shop-dev",
      destination: { name: "{{.name}}", namespace: "shop" },
      source: { path: "dev", directory: { recurse: true, exclude: "{kustomization.yaml,README.md,istio-system/*}" } },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ["PruneLast=true", "RespectIgnoreDifferences=true", "ServerSideApply=true"] },
      ignoreDifferences: [{ group: "apps", kind: "Deployment", namespace: "shop", name: "web", jsonPointers: ["/spec/replicas"] }],
    });
    expect(controlPlane.spec.template.metadata.name).toBe("shop-dev-{{.name}}-istio-system");
    expect(controlPlane.spec.template.spec).toMatchObject({ project: "shop-dev-istio-system", destination: { name: "{{.name}}", namespace: "istio-system" }, source: { path: "dev/istio-system" } });
    // The projects allow the fleet's cluster names, never a server, and the root's project may manage ApplicationSets.
    const project = (name: string) => (objects.find((object) => object.kind === "AppProject" && object.metadata.name === name) as Json).spec;
    expect(project("shop-dev").destinations).toEqual([{ name: "edge-*", namespace: "shop" }]);
    expect(project("shop-dev-istio-system").destinations).toEqual([{ name: "edge-*", namespace: "istio-system" }]);
    expect(project("shop-gitops").namespaceResourceWhitelist).toContainEqual({ group: "argoproj.io", kind: "ApplicationSet" });
    // The gate checks ApplicationSets against the model: a generator without its list is caught.
    const broken = structuredClone(own);
    delete broken.spec.template;
    expect(runGate("argocd", [{ object: broken as KubeObject }], { profile: "restricted", schemas: SchemaCatalog.load() }).map(({ rule }) => rule)).not.toEqual([]);
  });

  it("fleet: selected by label and named narrowly, with GitOps delivery, instead of listed clusters", () => {
    const fleet = { clusters: { fleet: "edge" }, names: "edge-*" };
    const gitops = { repoURL: "https://git.example.com/shop.git" };
    expect(specErrors(withGitOps(gitops, { fleet, additionalClusters: [{ name: "edge-2", server: "https://edge-2.example.com" }] })).join("\n")).toContain("environments.dev.fleet: a fleet selects its clusters by label: list the clusters in additionalClusters or select them with fleet, not both");
    expect(specErrors(baseConfig({}, { namespaces: { shop: {} }, fleet } as never)).join("\n")).toContain("environments.dev.fleet: a fleet is an Argo CD ApplicationSet: declare platform.gitops");
    expect(specErrors(withGitOps(gitops, { fleet: { ...fleet, names: "*" } })).join("\n")).toMatch(/fleet\.names: name the fleet's clusters more narrowly than "\*"/);
    expect(specErrors(withGitOps(gitops, { fleet: { ...fleet, clusters: {} } })).join("\n")).toMatch(/fleet\.clusters: select the clusters by at least one label/);
    // Without a fleet, the root's project manages no ApplicationSet.
    const { objects } = argocdOf(withGitOps(gitops));
    expect((objects.find((object) => object.metadata.name === "shop-gitops") as Json).spec.namespaceResourceWhitelist).not.toContainEqual({ group: "argoproj.io", kind: "ApplicationSet" });
  });

  it("manual sync when automated is null; project and namespace as configured", () => {
    const { objects } = argocdOf(withGitOps({ repoURL: "https://git.example.com/shop.git", project: "shop-team", argocdNamespace: "gitops" }, { gitops: { automated: null } }));
    const app = objects.find((object) => object.kind === "Application" && object.metadata.name === "shop-dev")! as Json;
    expect(app.spec.syncPolicy).not.toHaveProperty("automated");
    expect(app.spec.project).toBe("shop-team-dev");
    expect(objects.map((object) => object.metadata.namespace)).toEqual(["gitops", "gitops", "gitops", "gitops"]);
    expect(objects.find((object) => object.kind === "AppProject" && object.metadata.name !== "shop-team-gitops")!.metadata.name).toBe("shop-team-dev");
  });

  it("no ignoreDifferences when no HPA manages a Deployment", () => {
    const config = withGitOps({ repoURL: "https://git.example.com/shop.git" });
    config.services.web = { ...config.services.web!, autoscaling: undefined, replicas: 2 } as never;
    const app = argocdOf(config).objects.find((object) => object.kind === "Application" && object.metadata.name === "shop-dev")! as Json;
    expect(app.spec).not.toHaveProperty("ignoreDifferences");
  });

  it("protects Namespaces and PersistentVolumeClaims from prune and delete, and nothing else", () => {
    const config = withGitOps({ repoURL: "https://git.example.com/shop.git" });
    config.services.web = { ...config.services.web!, autoscaling: undefined, replicas: 1, storage: [{ name: "data", mountPath: "/data", size: "1Gi" }] } as never;
    const objects = synthEnvironment(resolveInline(config)[0]!);
    const protectedKinds = objects.filter((object) => (object.metadata.annotations as Json | undefined)?.[SYNC_OPTIONS_ANNOTATION] !== undefined).map((object) => object.kind);
    expect(protectedKinds.sort()).toEqual(["Namespace", "PersistentVolumeClaim"]);
    for (const object of objects.filter(({ kind }) => protectedKinds.includes(kind))) expect((object.metadata.annotations as Json)[SYNC_OPTIONS_ANNOTATION]).toBe("Prune=false,Delete=false");
    for (const environment of ENVIRONMENTS) {
      const namespaces = dist.get(environment)!.filter(({ kind }) => kind === "Namespace");
      expect(namespaces.map((namespace) => (namespace.metadata.annotations as Json)[SYNC_OPTIONS_ANNOTATION])).toEqual(namespaces.map(() => "Prune=false,Delete=false"));
    }
  });

  it("gives a hand-written claim its protection and wave, unless it sets them itself", () => {
    const claim: { apiVersion: string; kind: string; metadata: Json } = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "shop" } };
    expect(withArgoCdAnnotations(claim).metadata.annotations).toEqual({ [SYNC_OPTIONS_ANNOTATION]: "Prune=false,Delete=false", [SYNC_WAVE_ANNOTATION]: "-1" });
    const own = { ...claim, metadata: { ...claim.metadata, annotations: { [SYNC_OPTIONS_ANNOTATION]: "Prune=confirm" } } };
    expect(withArgoCdAnnotations(own).metadata.annotations).toEqual({ [SYNC_OPTIONS_ANNOTATION]: "Prune=confirm", [SYNC_WAVE_ANNOTATION]: "-1" });
    const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "shop" } };
    expect(withArgoCdAnnotations(configMap)).toBe(configMap);
  });

  it("no sync-wave annotations and no argocd/ without gitops", async () => {
    const objects = synthEnvironment(resolveInline(baseConfig())[0]!);
    expect(objects.filter((object) => (object.metadata.annotations as Json | undefined)?.[SYNC_WAVE_ANNOTATION] !== undefined)).toEqual([]);
    expect(objects.filter((object) => (object.metadata.annotations as Json | undefined)?.[SYNC_OPTIONS_ANNOTATION] !== undefined)).toEqual([]);
    expect((await render({ config: "test/fixtures/valid/shop.yaml", promtool: false })).argocd).toBeUndefined();
  });

  it("refuses an environment named like the Argo CD objects' own place (argocd, gitops)", () => {
    for (const name of ["argocd", "gitops"]) {
      const config = withGitOps({ repoURL: "https://git.example.com/shop.git" });
      config.environments = { [name]: config.environments.dev! };
      expect(specErrors(config).join("\n")).toContain(`an environment may not be named "${name}" with gitops`);
    }
  });

  it("rejects a repeated cluster, a non-git repository URL and an Application name too long for a label", () => {
    const repeated = withGitOps({ repoURL: "https://git.example.com/shop.git" }, { cluster: { name: "main", server: "https://k8s.example.com" }, additionalClusters: [{ name: "main", server: "https://k8s.example.com" }] });
    expect(specErrors(repeated)).toEqual(
      expect.arrayContaining([expect.stringContaining("environments.dev.additionalClusters[0].name"), expect.stringContaining("environments.dev.additionalClusters[0].server")]),
    );
    expect(specErrors(withGitOps({ repoURL: "ftp://git.example.com/shop" })).join("\n")).toContain("platform.gitops.repoURL");
    const long = withGitOps({ repoURL: "https://git.example.com/shop.git" }, { additionalClusters: [{ name: "a-very-long-disaster-recovery-cluster-name-in-another-region", server: "https://dr.example.com" }] });
    expect(specErrors(long).join("\n")).toMatch(/additionalClusters\[0\]\.name.*longer than 63 characters/);
  });
});

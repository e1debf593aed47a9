// The mutations of issues 23, 17, 18, 19, 21, 22 and 24: each changes one behaviour the way a plausible bug would, and
// the tests named with it must fail. Run: npx tsx scripts/mutation-check.ts [name prefix]...
// Each mutation is applied to the working tree, its tests run, and the file restored.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

interface Mutation {
  readonly name: string;
  readonly file: string;
  /** Text the file holds exactly once, replaced by `to`. */
  readonly from: string;
  readonly to: string;
  /** Test files expected to catch it. */
  readonly tests: readonly string[];
}

const MUTATIONS: readonly Mutation[] = [
  { name: "1 principal chunking: an empty chunk", file: "constructs/mesh/authorization.ts", from: "Array.from({ length: Math.ceil(items.length / size) }", to: "Array.from({ length: Math.ceil((items.length + 1) / size) }", tests: ["test/constructs/authorization.test.ts"] },
  { name: "1b principal chunking: chunks one short", file: "constructs/mesh/authorization.ts", from: "items.slice(index * size, (index + 1) * size)", to: "items.slice(index * size, (index + 1) * size - 1)", tests: ["test/constructs/authorization.test.ts"] },
  { name: "1c allow-all rule: empty principals not flagged", file: "validate/policy/istio.ts", from: "return condition === undefined || condition === null || Object.values(condition).every((value) => Array.isArray(value) && value.length === 0);", to: "return condition === undefined || condition === null || Object.keys(condition).length === 0;", tests: ["test/validate/corpus.test.ts"] },
  { name: "2 Service port instead of pod port in NetworkPolicy edges", file: "constructs/network/policy-rules.ts", from: "const containerPorts = (ports: readonly GraphPort[]) => ports.map((port) => port.containerPort);", to: "const containerPorts = (ports: readonly GraphPort[]) => ports.map((port) => port.port);", tests: ["test/constructs/zero-trust.test.ts"] },
  { name: "3 cross-object network rule ignores namespaces", file: "validate/cross-object/network.ts", from: "const inNamespace = peer.namespaceSelector === undefined ? workload.namespace === policyNamespace : matchesSelector(peer.namespaceSelector, index.labelsOfNamespace(workload.namespace));", to: "const inNamespace = true;", tests: ["test/validate/corpus.test.ts"] },
  { name: "4 container runAsNonRoot: false under a non-root pod", file: "validate/policy/pod-security.ts", from: "return value === false || (value === undefined && pod.spec.securityContext?.runAsNonRoot !== true)", to: "return value === undefined && pod.spec.securityContext?.runAsNonRoot !== true", tests: ["test/validate/container-overrides.test.ts", "test/validate/corpus.test.ts"] },
  { name: "4b container runAsUser: 0 under a non-zero pod", file: "validate/policy/pod-security.ts", from: "...eachContainer((c) => (c.container.securityContext?.runAsUser === 0 ?", to: "...eachContainer((c) => (false ?", tests: ["test/validate/container-overrides.test.ts", "test/validate/corpus.test.ts"] },
  { name: "4c container seccomp Unconfined under a RuntimeDefault pod", file: "validate/policy/pod-security.ts", from: "const type = c.container.securityContext?.seccompProfile?.type ?? pod.spec.securityContext?.seccompProfile?.type;", to: "const type = pod.spec.securityContext?.seccompProfile?.type ?? c.container.securityContext?.seccompProfile?.type;", tests: ["test/validate/container-overrides.test.ts", "test/validate/corpus.test.ts"] },
  { name: "5 Secret data: not flagged", file: "validate/policy/secrets.ts", from: "([\"data\", \"stringData\"] as const)", to: "([\"stringData\"] as const)", tests: ["test/validate/corpus.test.ts"] },
  { name: "6 no allow-nothing in a PERMISSIVE namespace", file: "constructs/mesh/namespace-mesh-policy.ts", from: "    modelObject<IAuthorizationPolicy>(this, \"allow-nothing\", {", to: "    if (mtlsModeOf(environment, namespaceKey) === \"STRICT\") modelObject<IAuthorizationPolicy>(this, \"allow-nothing\", {", tests: ["test/constructs/zero-trust.test.ts"] },
  { name: "7 ASIA dropped", file: "spec/secret-literals.ts", from: "[/\\b(AKIA|ASIA)[0-9A-Z]{16}\\b/", to: "[/\\b(AKIA)[0-9A-Z]{16}\\b/", tests: ["test/spec/secret-literals.test.ts"] },
  { name: "7b gho_ dropped", file: "spec/secret-literals.ts", from: "[/\\bgh[pousr]_", to: "[/\\bgh[pusr]_", tests: ["test/spec/secret-literals.test.ts"] },
  { name: "7c xoxp- dropped", file: "spec/secret-literals.ts", from: "[/\\bxox[abeoprs]-", to: "[/\\bxox[abeors]-", tests: ["test/spec/secret-literals.test.ts"] },
  { name: "7d hvr. dropped", file: "spec/secret-literals.ts", from: "[/\\bhv[sbr]\\.", to: "[/\\bhv[sb]\\.", tests: ["test/spec/secret-literals.test.ts"] },
  { name: "8 VPA not forced Off under a memory-only HPA", file: "constructs/workload/autoscaling.ts", from: "autoscaling.cpu !== undefined || autoscaling.memory !== undefined", to: "autoscaling.cpu !== undefined", tests: ["test/constructs/workload.test.ts"] },
  { name: "8b xo/vpa-hpa-conflict ignores memory metrics", file: "validate/cross-object/autoscaling.ts", from: "(metric.type === \"Resource\" ? [metric.resource?.name]", to: "(metric.type === \"Resource\" ? [metric.resource?.name].filter((name) => name === \"cpu\")", tests: ["test/validate/corpus.test.ts"] },
  { name: "port rule: NetworkPolicy port vs container ports unchecked", file: "validate/cross-object/network-ports.ts", from: "if (rulePort.port === undefined || served.some", to: "if (true || rulePort.port === undefined || served.some", tests: ["test/validate/corpus.test.ts"] },
  { name: "17a internal ports served to others", file: "spec/workload.ts", from: "spec.ports.filter((port) => !port.internal).map", to: "spec.ports.map", tests: ["test/constructs/pod-ports.test.ts"] },
  { name: "17b config files: no checksum on the pod template", file: "constructs/workload/pod-template.ts", from: "        ...configFilesChecksum(files),\n", to: "", tests: ["test/spec/config-files.test.ts"] },
  { name: "17c config files: a directory mount, not one per file", file: "constructs/workload/config-files.ts", from: "subPath: entry.key, ", to: "", tests: ["test/spec/config-files.test.ts"] },
  { name: "17d config files: a path may leave the config directory", file: "spec/config-files.ts", from: "if (normalized === \"..\" || normalized.startsWith(`..${sep}`))", to: "if (false)", tests: ["test/spec/config-files.test.ts"] },
  { name: "17e quota: a declared maxSurge ignored", file: "spec/workload.ts", from: "typeof maxSurge === \"number\" ? maxSurge :", to: "typeof maxSurge === \"number\" ? 0 :", tests: ["test/constructs/pod-options.test.ts"] },
  { name: "17f quota: plain init containers summed with the rest", file: "spec/namespace-demand.ts", from: "containers.filter((container) => !container.isInit || container.isSidecar)", to: "containers.filter(() => true)", tests: ["test/constructs/pod-options.test.ts"] },
  { name: "17g metrics: only the first endpoint scraped", file: "constructs/observability/service-observability.ts", from: "const endpoints = metricsOf(service).map(", to: "const endpoints = metricsOf(service).slice(0, 1).map(", tests: ["test/constructs/pod-ports.test.ts"] },
  { name: "17h meshed init containers without a native sidecar", file: "spec/workload.ts", from: "return isBatch(service) || service.initContainers.length > 0;", to: "return isBatch(service);", tests: ["test/constructs/pod-options.test.ts"] },
  { name: "17i rolling update of a ReadWriteOnce claim allowed", file: "spec/rules/pod-options.ts", from: "service.strategy?.type === \"RollingUpdate\"", to: "service.strategy?.type === \"Recreate\"", tests: ["test/constructs/pod-options.test.ts"] },
  { name: "18a cluster service egress to any address", file: "constructs/network/policy-rules.ts", from: "({ to: [componentPeer(callee)], ports:", to: "({ ports:", tests: ["test/constructs/cluster-services.test.ts"] },
  { name: "18b security patch without a reason accepted", file: "spec/rules/patches.ts", from: "if (what === undefined || patch.reason !== undefined) return [];", to: "return [];", tests: ["test/render/patches.test.ts"] },
  { name: "18c patch with a missing target ignored", file: "render/apply-patches.ts", from: "if (applied.has(index)) return [];", to: "return [];", tests: ["test/render/patches.test.ts"] },
  { name: "18d extra manifest colliding with a rendered object accepted", file: "cli/render-environment.ts", from: "if (rendered === 0 && sources.length === 1) return [];", to: "return [];", tests: ["test/render/extra-manifests.test.ts"] },
  { name: "18e existing Secret left out of the rollout checksum", file: "constructs/secrets/secret-wiring.ts", from: "({ container: name, secrets: spec.secrets })", to: "({ container: name, secrets: spec.secrets.filter((secret) => secret.existingSecret === undefined) })", tests: ["test/constructs/existing-secrets.test.ts"] },
  { name: "18f extra manifests not rendered", file: "cli/render-environment.ts", from: "if (shard.index !== 0 || extra.length === 0) return;", to: "return;", tests: ["test/render/extra-manifests.test.ts"] },
  { name: "19a database admits every service", file: "constructs/database/postgres-database.ts", from: "servicesIngress(databaseCallers(name, environment), environment, [POSTGRES_PORT])", to: "servicesIngress(Object.keys(environment.services).sort(), environment, [POSTGRES_PORT])", tests: ["test/constructs/databases.test.ts"] },
  { name: "19b a database without backup meets any RPO", file: "spec/recovery.ts", from: "seconds: backup === undefined ? undefined : WAL_ARCHIVE_SECONDS,", to: "seconds: WAL_ARCHIVE_SECONDS,", tests: ["test/constructs/databases.test.ts"] },
  { name: "19c Velero copies every volume, emptyDirs included", file: "constructs/backup/environment-backups.ts", from: "defaultVolumesToFsBackup: false,", to: "defaultVolumesToFsBackup: true,", tests: ["test/constructs/backups.test.ts", "test/output/examples.test.ts"] },
  { name: "19d database alerts not scoped to its pods", file: "constructs/database/database-alerts.ts", from: "const s = `namespace=\"${namespace}\",pod=~\"${name}-[0-9]+\"`;", to: "const s = `namespace=\"${namespace}\"`;", tests: ["test/observability/promtool.test.ts"] },
  { name: "19e ScheduledBackup of a Cluster without backup accepted", file: "validate/cross-object/data-services.ts", from: ": (cluster.spec as Json | undefined)?.backup === undefined", to: ": false", tests: ["test/validate/corpus.test.ts"] },
  { name: "20a library chart not validated on synth", file: "constructs/slipway-environment.ts", from: "this.node.addValidation(", to: "void (", tests: ["examples/cdk8s-app/app/main.test.ts"] },
  { name: "20b library chart without the environment's patches", file: "constructs/slipway-environment.ts", from: "const patched = applyPatches(objects, this.spec.patches);", to: "const patched = applyPatches(objects, []);", tests: ["examples/cdk8s-app/app/main.test.ts"] },
  { name: "20c caches ignore XDG_CACHE_HOME", file: "spec/cache-directory.ts", from: "if (env.XDG_CACHE_HOME) return", to: "if (false) return", tests: ["test/spec/cache-directory.test.ts"] },
  { name: "20d init writes into a non-empty directory", file: "cli/init.ts", from: "if (existing.length > 0 && options.force !== true) {", to: "if (false) {", tests: ["test/init.test.ts"] },
  { name: "20e assertNoFindings lets warnings pass by default", file: "testing/index.ts", from: "options.warnings !== false ||", to: "options.warnings === true ||", tests: ["test/testing-helpers.test.ts"] },
  { name: "21a a rule that throws stops the run", file: "validate/policy/index.ts", from: "if (!malformed.has(entry.object)) findings.push(internalFinding(environment, entry, rule.id, error));", to: "throw error;", tests: ["test/validate/malformed-shapes.test.ts", "test/validate/real-shapes.test.ts"] },
  { name: "21b null fields kept", file: "spec/manifest-documents.ts", from: "if (field === null) {\n      changed = true;\n      continue;\n    }", to: "", tests: ["test/validate/real-shapes.test.ts", "test/validate/kubeconform-fixtures.test.ts"] },
  { name: "21c typed lists not expanded", file: "spec/manifest-documents.ts", from: "!list.kind.endsWith(\"List\")", to: "list.kind !== \"List\"", tests: ["test/validate/real-shapes.test.ts"] },
  { name: "21d allow-all peer read as edges", file: "validate/cross-object/network.ts", from: "if (allowsAll(peer)) continue;", to: "", tests: ["test/validate/real-shapes.test.ts"] },
  { name: "21e controller-added labels unknown", file: "validate/cross-object/object-index.ts", from: "anyValue.has(key) || labelOf(labels, key) === value", to: "labelOf(labels, key) === value", tests: ["test/validate/real-shapes.test.ts"] },
  { name: "21f settings exceptions ignored", file: "cli/validate.ts", from: "const exception = exceptionFor(finding, file, selection);", to: "const exception = undefined as undefined | { reason: string };", tests: ["test/validate/selection.test.ts"] },
  { name: "21g unresolved references stay errors in validate", file: "validate/cross-object/index.ts", from: "const partial = violation.unresolved === true && context.complete === false;", to: "const partial = false;", tests: ["test/validate/real-shapes.test.ts"] },
  { name: "22a Applications detect kustomize again", file: "gitops/targets.ts", from: "return { ...outputLocation(settings, environment, environmentBranch(environment)), directory };", to: "return { ...outputLocation(settings, environment, environmentBranch(environment)) } as never;", tests: ["test/gitops/argocd.test.ts"] },
  { name: "22b Namespaces prunable", file: "constructs/gitops/prune-protection.ts", from: 'new Set(["Namespace", "PersistentVolumeClaim"])', to: 'new Set(["PersistentVolumeClaim"])', tests: ["test/gitops/argocd.test.ts"] },
  { name: "22c publish trusts the trailer", file: "gitops/publish.ts", from: "if (changes.filter(({ path }) => target.inFolders || path !== HYDRATOR_METADATA).length === 0) return undefined;", to: "if (claimsThisSource || changes.filter(({ path }) => target.inFolders || path !== HYDRATOR_METADATA).length === 0) return undefined;", tests: ["test/gitops/publish.test.ts"] },
  { name: "22d --no-repair repairs anyway", file: "gitops/publish.ts", from: "if (claimsThisSource && options.repair === false) {", to: "if (false) {", tests: ["test/gitops/publish.test.ts"] },
  { name: "22e a removed environment's Application goes unmentioned", file: "cli/render.ts", from: "return rendering.argocd === undefined ? [] : removed.map", to: "return [] as string[] || removed.map", tests: ["test/cli.test.ts", "test/gitops/publish.test.ts"] },
  { name: "22f publish does not say which environments it removes", file: "gitops/publish.ts", from: "return stale;", to: "return [];", tests: ["test/gitops/publish.test.ts"] },
  { name: "22g diff: a NetworkPolicy's new peers unflagged", file: "diff/risks/network.ts", from: "if (opened.length > 0) flags.push(", to: "if (opened.length < 0) flags.push(", tests: ["test/diff/review.test.ts"] },
  { name: "22h diff: a new AuthorizationPolicy principal unflagged", file: "diff/risks/authorization.ts", from: "const granted = added(grants(before), grants(after));", to: "const granted = added(grants(after), grants(after));", tests: ["test/diff/review.test.ts"] },
  { name: "22i diff: a deleted PodDisruptionBudget unflagged", file: "diff/risks/availability.ts", from: "change.after === undefined\n        ? [{", to: "false\n        ? [{", tests: ["test/diff/review.test.ts"] },
  { name: "22j diff: flags after the services", file: "cli/diff.ts", from: "return `${heading}\\n\\n${review.join(\"\\n\")}\\n\\n${sections.join(\"\\n\\n\")}\\n`;", to: "return `${heading}\\n\\n${sections.join(\"\\n\\n\")}\\n\\n${review.join(\"\\n\")}\\n`;", tests: ["test/gitops/diff.test.ts"] },
  { name: "22k diff: an image bump listed per object", file: "diff/service-summary.ts", from: "/(^|\\.)labels\\.app\\.kubernetes\\.io\\/version$/,", to: "", tests: ["test/diff/review.test.ts"] },
  { name: "22l synth removes an environment's output unasked", file: "gitops/environment-removal.ts", from: "const unflagged = stale.filter((name) => !remove.includes(name));", to: "const unflagged = stale.filter(() => false);", tests: ["test/cli.test.ts", "test/gitops/publish.test.ts"] },
  { name: "22m a rename goes unexplained", file: "gitops/environment-removal.ts", from: "if (added.length === 0) return refusal;", to: "return refusal;", tests: ["test/cli.test.ts"] },
  { name: "22n istio-system back in the environment's project", file: "constructs/gitops/rendered-output.ts", from: "const foreign = owned.size === 0 ? [] : renderedNamespaces(objects).filter((namespace) => !owned.has(namespace));", to: "const foreign: string[] = [];", tests: ["test/gitops/argocd.test.ts"] },
  { name: "22o a fleet's project allows any cluster", file: "constructs/gitops/environment-app-project.ts", from: "return renderedNamespaces(objects).map((namespace) => ({ name: spec.fleet!.names, namespace }));", to: "return renderedNamespaces(objects).map((namespace) => ({ name: \"*\", namespace }));", tests: ["test/gitops/argocd.test.ts"] },
  { name: "22p a fleet keeps its Applications after deletion no more", file: "constructs/gitops/environment-application-set.ts", from: "syncPolicy: { preserveResourcesOnDeletion: true },", to: "", tests: ["test/gitops/argocd.test.ts"] },
  { name: "22q manifest layout: the control plane's objects in the environment's manifest", file: "render/manifest-layout.ts", from: "for (const part of outputParts(inventory)) {", to: "for (const part of [{ namespace: undefined, objects: inventory }]) {", tests: ["test/render/manifest-layout.test.ts"] },
  { name: "24a LimitRange defaults above a declared max again", file: "spec/limit-range.ts", from: "const within = (value: string, low: string | undefined, high: string | undefined) => smaller(larger(value, low), high);", to: "const within = (value: string, _low: string | undefined, _high: string | undefined) => value;", tests: ["test/spec/admission-limits.test.ts"] },
  { name: "24b the mesh proxy unchecked against the LimitRange", file: "spec/rules/resources.ts", from: "  issues.push(...sidecarIssues(environment));\n", to: "", tests: ["test/spec/admission-limits.test.ts"] },
  { name: "24c a partial quota drops the derived one again", file: "constructs/tenancy/tenant-namespace.ts", from: "  if (replace) return declared;", to: "  if (Object.keys(declared).length > 0) return declared;", tests: ["test/constructs/tenancy.test.ts"] },
  { name: "24d validate passes a LimitRange whose default is above its max", file: "validate/policy/admission.ts", from: "if (a !== undefined && b !== undefined && a > b)", to: "if (a !== undefined && b !== undefined && a > b && low === \"min\")", tests: ["test/validate/corpus.test.ts", "test/validate/admission.test.ts"] },
  { name: "24e the injected proxy left out of the LimitRange check", file: "validate/cross-object/limit-ranges.ts", from: "return Object.keys(proxy.requests).length + Object.keys(proxy.limits).length > 0 ? [...declared, proxy] : declared;", to: "return declared;", tests: ["test/validate/corpus.test.ts"] },
  { name: "24f a Gateway per service on a shared host again", file: "constructs/exposure/public-exposure.ts", from: "else if (props.sharedHost !== true) this.istioGateway(environment, node, ingress);", to: "else this.istioGateway(environment, node, ingress);", tests: ["test/constructs/shared-hosts.test.ts"] },
  { name: "24g shared-host routes shortest prefix first", file: "spec/shared-hosts.ts", from: "routePrefix(b.exposure.path).length - routePrefix(a.exposure.path).length", to: "routePrefix(a.exposure.path).length - routePrefix(b.exposure.path).length", tests: ["test/constructs/shared-hosts.test.ts"] },
  { name: "24h two Gateways on one host pass validate", file: "validate/cross-object/gateways.ts", from: "} else if (first.gateway !== gateway) {", to: "} else if (false) {", tests: ["test/validate/corpus.test.ts"] },
  { name: "24i histogram_quantile of a raw series passes", file: "validate/policy/promql.ts", from: "if (rated.length === 0) return [{ path,", to: "if (rated.length < 0) return [{ path,", tests: ["test/validate/promql.test.ts", "test/validate/corpus.test.ts"] },
  { name: "24j a quantile whose sum drops le passes", file: "validate/policy/promql.ts", from: ".filter((aggregation) => !aggregation.keeps(\"le\"));", to: ".filter(() => false);", tests: ["test/validate/promql.test.ts"] },
  { name: "24k a short range passes", file: "validate/cross-object/promql-ranges.ts", from: "const SCRAPES_PER_RANGE = 4;", to: "const SCRAPES_PER_RANGE = 1;", tests: ["test/validate/corpus.test.ts"] },
  { name: "24l app-level errors lose the request matchers", file: "constructs/observability/sli/metrics-signals.ts", from: "matchers: [...requests.matchers, ...errors.matchers] }", to: "matchers: errors.matchers }", tests: ["test/observability/app-sli.test.ts"] },
  { name: "24m the app-level threshold is read in ms for a seconds histogram", file: "spec/schema/slo.ts", from: "return unit === \"seconds\" ? Number((thresholdMs / 1000).toPrecision(12)) : thresholdMs;", to: "return thresholdMs;", tests: ["test/observability/app-sli.test.ts", "test/observability/promtool.test.ts"] },
  { name: "24n the fixture counts a failed request as good", file: "validate/rule-tests.ts", from: "count(bad, (segment) => segment.requestsPerMinute * segment.badFraction);", to: "count(good, (segment) => segment.requestsPerMinute * segment.badFraction);", tests: ["test/observability/promtool.test.ts"] },
  { name: "24o a dashboard without an SLI source shows Istio panels", file: "constructs/observability/sli/request-signals.ts", from: "(isMeshed(environment) ? ({ source: \"istio\" } as const) : undefined)", to: "({ source: \"istio\" } as const)", tests: ["test/observability/app-sli.test.ts"] },
  { name: "21n kustomize read: patch files read as manifests", file: "cli/kustomizations.ts", from: "sources.patches.push(...patchFiles.map((patch) => join(dir, patch)));", to: "sources.resources.push(...patchFiles.map((patch) => join(dir, patch)));", tests: ["test/validate/kustomize.test.ts"] },
  { name: "21o kustomize build: objects not located in their resource files", file: "cli/kustomizations.ts", from: "candidates.filter(({ name }) => built.metadata.name.includes(name))", to: "candidates.filter(() => false)", tests: ["test/validate/kustomize.test.ts"] },
  { name: "21p a base validated on its own too", file: "cli/validate-input.ts", from: "if (!included.has(resolve(root))) await kustomize(", to: "await kustomize(", tests: ["test/validate/kustomize.test.ts"] },
  { name: "21q per-environment copies are one environment", file: "cli/validate-input.ts", from: "return other !== undefined && other !== child;", to: "return false;", tests: ["test/validate/environments.test.ts"] },
  { name: "21r helm output: templates not attributed", file: "cli/helm-charts.ts", from: "if (source !== null) sources.push", to: "if (false) sources.push", tests: ["test/validate/helm.test.ts"] },
  { name: "21h a manifest without a namespace is not in the default one", file: "validate/cross-object/object-index.ts", from: "return `${kind}\\0${namespace ?? \"default\"}\\0${name}`;", to: "return `${kind}\\0${namespace ?? \"\"}\\0${name}`;", tests: ["test/validate/kube-linter-fixtures.test.ts"] },
  { name: "21i hook Jobs need a TTL", file: "validate/policy/hygiene.ts", from: "&& !deletedByDeployTool(object)", to: "", tests: ["test/validate/corpus.test.ts"] },
  { name: "21j Secret reads scoped by resourceNames flagged", file: "validate/policy/rbac.ts", from: " || stringItems(rule.resourceNames).length > 0", to: "", tests: ["test/validate/corpus.test.ts"] },
  { name: "21k Ingress ports unchecked", file: "validate/cross-object/ingress.ts", from: "return exposed ? [] :", to: "return true ? [] :", tests: ["test/validate/corpus.test.ts", "test/validate/kube-linter-fixtures.test.ts"] },
  { name: "21l removed-API table stops at 1.22", file: "validate/policy/removed-apis.ts", from: "  [[\"apps/v1beta1\", \"apps/v1beta2\"], [\"StatefulSet\"], \"apps/v1\", \"1.16\"],\n", to: "", tests: ["test/validate/removed-apis.test.ts"] },
  { name: "21m NetworkPolicy peers in other namespaces read as same-namespace", file: "validate/cross-object/network-selectors.ts", from: "if (peer?.namespaceSelector !== undefined || ", to: "if (", tests: ["test/validate/corpus.test.ts"] },
];

const wanted = process.argv.slice(2);
let survived = 0;
for (const mutation of MUTATIONS.filter(({ name }) => wanted.length === 0 || wanted.some((prefix) => name.startsWith(prefix)))) {
  const original = readFileSync(mutation.file, "utf8");
  if (original.split(mutation.from).length !== 2) throw new Error(`${mutation.name}: ${mutation.file} does not hold the mutated text exactly once`);
  writeFileSync(mutation.file, original.replace(mutation.from, mutation.to));
  try {
    const run = spawnSync("npx", ["vitest", "run", ...mutation.tests], { encoding: "utf8" });
    const caught = run.status !== 0;
    if (!caught) survived += 1;
    const failed = `${run.stdout}${run.stderr}`.split("\n").filter((line) => line.includes("×")).slice(0, 3);
    console.log(`${caught ? "CAUGHT" : "SURVIVED"}: ${mutation.name}\n    by ${mutation.tests.join(" ")}${failed.map((line) => `\n    ${line.trim()}`).join("")}`);
  } finally {
    writeFileSync(mutation.file, original);
  }
}
process.exitCode = survived === 0 ? 0 : 1;

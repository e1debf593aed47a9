// Where an environment's rendered output lives in the GitOps output repository and which clusters
// sync it: shared by the Argo CD objects (what they read) and `slipway publish` (what it writes).
import { README_FILE, KUSTOMIZATION } from "../render/layout.js";
import type { EnvironmentSpec } from "../spec/index.js";
import type { PlatformSpec } from "../spec/schema/platform.js";

export type GitOpsSettings = Required<NonNullable<PlatformSpec["gitops"]>>;

/** Branch prefix of the branch layout, as GitOps Promoter and Argo CD's source hydrator name them. */
export const ENVIRONMENT_BRANCH_PREFIX = "environment/";

/** The metadata file the branch layout writes at each environment branch's root. */
export const HYDRATOR_METADATA = "hydrator.metadata";

export function gitopsSettings(platform: PlatformSpec): GitOpsSettings | undefined {
  if (platform.gitops === undefined) return undefined;
  return { ...platform.gitops, project: platform.gitops.project ?? platform.name };
}

/**
 * The AppProject of an environment: `platform.gitops.project` (the platform's name by default) and the
 * environment's; a namespace the environment renders into without owning it has its own, suffixed by it.
 */
export function environmentProject(settings: GitOpsSettings, environment: string, namespace?: string): string {
  return `${settings.project}-${environment}${namespace === undefined ? "" : `-${namespace}`}`;
}

/** Where argocd/ itself is published: an `argocd/` folder beside the environments (folder layout), or this branch (branch layout). */
export const ARGOCD_OUTPUT = "argocd";

/** The Argo CD instance's own cluster, where the root Application creates the projects and Applications. */
export const IN_CLUSTER_SERVER = "https://kubernetes.default.svc";

/** The AppProject of the root Application: it may only manage AppProjects and Applications in Argo CD's namespace. */
export function gitopsProject(settings: GitOpsSettings): string {
  return `${settings.project}-gitops`;
}

/** Where an output lives in the output repository: its folder on the shared branch, or the root of its own branch. */
function outputLocation(settings: GitOpsSettings, folder: string, branch: string): { readonly targetRevision: string; readonly path: string } {
  return settings.layout === "folder" ? { targetRevision: settings.branch, path: folder } : { targetRevision: branch, path: "." };
}

/** Where the root Application reads argocd/ in the output repository: its folder, or its branch; the files at the top only. */
export function argoCdSource(settings: GitOpsSettings): { readonly targetRevision: string; readonly path: string; readonly directory: { readonly recurse: false; readonly exclude: string } } {
  return { ...outputLocation(settings, ARGOCD_OUTPUT, ARGOCD_OUTPUT), directory: { recurse: false, exclude: README_FILE } };
}

/** The branch of an environment in the branch layout; `next` is the staging branch a promoter merges from. */
export function environmentBranch(environment: string, next = false): string {
  return `${ENVIRONMENT_BRANCH_PREFIX}${environment}${next ? "-next" : ""}`;
}

/**
 * How Argo CD reads an environment: as a directory of plain YAML, never through kustomize. The files
 * are rendered already, and its repo-server would otherwise detect the kustomization.yaml (kept for
 * people and `kubectl apply -k`) and run kustomize build on every refresh, which grows past its
 * generation timeout on a large platform.
 */
export const DIRECTORY_SOURCE_EXCLUDED: readonly string[] = [KUSTOMIZATION, README_FILE];
export const DIRECTORY_SOURCE = { recurse: true, exclude: `{${DIRECTORY_SOURCE_EXCLUDED.join(",")}}` } as const;

export interface DirectorySource {
  readonly targetRevision: string;
  readonly path: string;
  readonly directory: { readonly recurse: true; readonly exclude?: string };
}

/**
 * Where Argo CD reads an environment (a folder on the shared branch, or the root of its own branch),
 * as plain YAML; without the folders of the namespaces other Applications of it manage.
 */
export function environmentSource(settings: GitOpsSettings, environment: string, excludedFolders: readonly string[] = []): DirectorySource {
  const directory = excludedFolders.length === 0 ? DIRECTORY_SOURCE : { recurse: true as const, exclude: `{${[...DIRECTORY_SOURCE_EXCLUDED, ...excludedFolders.map((folder) => `${folder}/*`)].join(",")}}` };
  return { ...outputLocation(settings, environment, environmentBranch(environment)), directory };
}

/** Where Argo CD reads one namespace's folder of an environment, as plain YAML. */
export function namespaceSource(settings: GitOpsSettings, environment: string, namespace: string): DirectorySource {
  const location = outputLocation(settings, environment, environmentBranch(environment));
  return { targetRevision: location.targetRevision, path: location.path === "." ? namespace : `${location.path}/${namespace}`, directory: { recurse: true } };
}

export interface ApplicationTarget {
  /** The Argo CD Application's name. */
  readonly name: string;
  readonly cluster: string;
  readonly server: string;
}

/** The Application of an environment on its own cluster (those of its additional clusters add `-<cluster>`). */
export function environmentApplication(platform: string, environment: string): string {
  return `${platform}-${environment}`;
}

/** One target per cluster the environment deploys to: its own cluster first, then the additional ones. */
export function applicationTargets(environment: EnvironmentSpec): ApplicationTarget[] {
  const base = environmentApplication(environment.platform.name, environment.name);
  return [
    { name: base, cluster: environment.cluster.name, server: environment.cluster.server },
    ...environment.additionalClusters.map((cluster) => ({ name: `${base}-${cluster.name}`, cluster: cluster.name, server: cluster.server })),
  ];
}

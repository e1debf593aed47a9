// A problem found in a rendered object, said so that someone can fix it.
import type { KubeObject } from "../constructs/synth.js";

export type Severity = "error" | "warning";

export interface Finding {
  readonly environment: string;
  /** File of the object, relative to the environment (when known). */
  readonly file?: string;
  readonly object: string;
  readonly path: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
}

/** `Deployment/ai-api/auth-service`, or `Namespace/ai-api` for cluster-scoped objects. */
export function objectRef(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return namespace === undefined ? `${object.kind}/${name}` : `${object.kind}/${namespace}/${name}`;
}

/** `env/file: Kind/ns/name path: [rule] message — fix` */
export function formatFinding(finding: Finding): string {
  const where = finding.file === undefined ? finding.environment : `${finding.environment}/${finding.file}`;
  const path = finding.path === "" ? "" : ` ${finding.path}`;
  return `${where}: ${finding.object}${path}: [${finding.rule}] ${finding.message} — ${finding.fix}`;
}

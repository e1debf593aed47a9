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

/** An object and the file it is written to or was read from (relative to its environment). */
export interface LocatedObject {
  readonly object: KubeObject;
  readonly file?: string;
}

/** A finding about an object, with the object's file when known. */
export function findingAt(environment: string, located: LocatedObject, finding: Pick<Finding, "path" | "rule" | "severity" | "message" | "fix">): Finding {
  return { environment, object: objectRef(located.object), ...(located.file === undefined ? {} : { file: located.file }), ...finding };
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

// Changes to what pods may do on their node: a namespace's Pod Security Admission labels, and the
// pod and container fields Pod Security Standards judge (host namespaces, host paths, security
// contexts, the service account token).
import { podSpecsOf } from "../../validate/policy/rule.js";
import { changedPaths } from "../canonical.js";
import type { Json, ObjectChange } from "../object-changes.js";
import { changesOf, type RiskCheck, type RiskFlag } from "./risk-check.js";

const PSA_PREFIX = "pod-security.kubernetes.io/";
const POD_FIELDS = ["hostNetwork", "hostPID", "hostIPC", "hostUsers", "securityContext", "automountServiceAccountToken", "serviceAccountName"];

function admissionLabels(namespace: Json): Record<string, string> {
  return Object.fromEntries(Object.entries(namespace.metadata?.labels ?? {}).filter(([key]) => key.startsWith(PSA_PREFIX) && !key.endsWith("-version"))) as Record<string, string>;
}

/** The security-relevant part of an object's pod specs, containers keyed by name so an added sidecar reads as one. */
function securityFields(object: Json): Json {
  return podSpecsOf(object as never).map(({ spec }) => ({
    ...Object.fromEntries(POD_FIELDS.map((field) => [field, spec[field]])),
    hostPaths: ((spec.volumes as Json[] | undefined) ?? []).flatMap((volume) => (volume.hostPath === undefined ? [] : [volume.hostPath.path])),
    ...Object.fromEntries(
      (["initContainers", "containers", "ephemeralContainers"] as const).flatMap((list) => ((spec[list] as Json[] | undefined) ?? []).map((container) => [`${list}[${container.name}]`, { securityContext: container.securityContext }])),
    ),
  }));
}

function describe(before: Json, after: Json): string {
  const paths = changedPaths(before, after).map((path) => path.replace(/^\d+\./, ""));
  return [...new Set(paths)].join(", ");
}

export const podSecurityChanges: RiskCheck = {
  category: "pod-security",
  check: (changes) => [
    ...changesOf(changes, "/Namespace").flatMap((change: ObjectChange): RiskFlag[] => {
      if (change.before === undefined || change.after === undefined) return [];
      const [before, after] = [admissionLabels(change.before), admissionLabels(change.after)];
      const moved = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().filter((key) => before[key] !== after[key]);
      return moved.length === 0 ? [] : [{ category: "pod-security", service: change.service, message: `${change.ref} ${moved.map((key) => `${key.slice(PSA_PREFIX.length)} ${before[key] ?? "unset"} → ${after[key] ?? "unset"}`).join(", ")}` }];
    }),
    ...changes.flatMap((change): RiskFlag[] => {
      if (change.before === undefined || change.after === undefined) return [];
      const [before, after] = [securityFields(change.before), securityFields(change.after)];
      const changed = describe(before, after);
      return changed === "" ? [] : [{ category: "pod-security", service: change.service, message: `${change.ref} changes pod security fields: ${changed}` }];
    }),
  ],
};

// Secret values stay out of manifests: no Secret with data, no secret-looking literal in env or
// ConfigMaps.
import { secretLiteralReason } from "../../spec/secret-literals.js";
import { eachContainer, type Json, type PolicyRule } from "./rule.js";

export const secretRules: readonly PolicyRule[] = [
  {
    id: "secrets/secret-data",
    severity: "error",
    fix: "keep the value in a secret store and render an ExternalSecret instead",
    check: (object) =>
      object.kind === "Secret" && object.apiVersion === "v1"
        ? (["data", "stringData"] as const)
            .filter((field) => Object.keys((object[field] as Json | undefined) ?? {}).length > 0)
            .map((field) => ({ path: field, message: `a Secret with ${field} puts secret values in the manifest` }))
        : [],
  },
  {
    id: "secrets/env-literal",
    severity: "error",
    fix: "read the value from a Secret (valueFrom.secretKeyRef), which an ExternalSecret fills",
    check: eachContainer((c) =>
      ((c.container.env as Json[] | undefined) ?? []).flatMap((variable, index) => {
        const reason = typeof variable.value === "string" ? secretLiteralReason(String(variable.name), variable.value) : undefined;
        return reason === undefined ? [] : [{ path: `${c.path}.env.${index}.value`, message: `${String(variable.name)}: ${reason}` }];
      }),
    ),
  },
  {
    id: "secrets/configmap-literal",
    severity: "error",
    fix: "move the value to a secret store; ConfigMaps are plain text",
    check: (object) =>
      object.kind === "ConfigMap"
        ? Object.entries((object.data as Record<string, string> | undefined) ?? {}).flatMap(([key, value]) => {
            const reason = secretLiteralReason(key, value);
            return reason === undefined ? [] : [{ path: `data.${key}`, message: `${key}: ${reason}` }];
          })
        : [],
  },
];

// Secret values stay out of manifests: no Secret with data, no secret-looking literal in env,
// ConfigMaps, arguments, labels, annotations or alert text, and no credentials in any URL.
import type { KubeObject } from "../../constructs/synth.js";
import { secretLiteralReason, secretShapeIn } from "../../spec/secret-literals.js";
import { urlCredentialIn } from "../../spec/url-credentials.js";
import { containersOf, eachContainer, type Json, type PolicyRule, podSpecsOf, type Violation } from "./rule.js";

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
        ? Object.entries(isRecord(object.data) ? object.data : {}).flatMap(([key, value]) => {
            // A value that is not text is the schema's to report.
            const reason = typeof value === "string" ? secretLiteralReason(key, value) : undefined;
            return reason === undefined ? [] : [{ path: `data.${key}`, message: `${key}: ${reason}` }];
          })
        : [],
  },
  {
    id: "secrets/token-literal",
    severity: "error",
    fix: "keep the value in a secret store: a container reads it from a Secret (an ExternalSecret fills it), in args as $(VARIABLE); labels, annotations and alert text never hold one",
    check: (object) => {
      const violations: Violation[] = [];
      forEachTextField(object, (text, path) => {
        const shape = secretShapeIn(text);
        if (shape !== undefined) violations.push({ path: path(), message: `looks like ${shape}` });
      });
      return violations;
    },
  },
  {
    id: "secrets/url-credentials",
    severity: "error",
    fix: "remove the credentials from the URL: Argo CD reads repository credentials from its repository Secrets; a workload reads them from a Secret",
    check: (object) => {
      if (object.kind === "Secret" && object.apiVersion === "v1") return [];
      const violations: Violation[] = [];
      // ConfigMap data has its own rule above, and dashboards make it the largest text there is.
      findUrlCredentials(object.kind === "ConfigMap" ? withoutData(object) : object, [], (path, credential) => {
        const at = path.join(".");
        // env values have their own rule above.
        if (!ENV_VALUE.test(at)) violations.push({ path: at, message: `a URL here holds ${credential}` });
      });
      return violations;
    },
  },
];

function withoutData({ data: _data, binaryData: _binaryData, ...rest }: KubeObject): Json {
  return rest;
}

/**
 * Calls found(path, credential) for each string under value holding a URL with credentials. Runs
 * over every rendered object, so it descends without allocating and looks closer only at strings
 * holding "://".
 */
function findUrlCredentials(value: unknown, path: (string | number)[], found: (path: readonly (string | number)[], credential: string) => void): void {
  if (typeof value === "string") {
    const credential = value.includes("://") ? urlCredentialIn(value) : undefined;
    if (credential !== undefined) found(path, credential);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (typeof item !== "object" && typeof item !== "string") continue;
      path.push(index);
      findUrlCredentials(item, path, found);
      path.pop();
    }
    return;
  }
  // for…in: no array of keys per object (a rendered object is plain JSON: nothing inherited is enumerable).
  for (const key in value) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (typeof item !== "object" && typeof item !== "string") continue;
    path.push(key);
    findUrlCredentials(item, path, found);
    path.pop();
  }
}

const ENV_VALUE = /\.(initContainers|containers|ephemeralContainers)\.[0-9]+\.env\.[0-9]+\.value$/;

/**
 * Text people and tools read, where no secret belongs: container command and arguments, labels
 * and annotations (the object's and its pod template's), and alert rules' labels and annotations.
 * `path()` builds the field's path only when a visitor needs it.
 */
function forEachTextField(object: KubeObject, visit: (text: string, path: () => string) => void): void {
  const strings = (value: unknown, at: string) => {
    if (typeof value !== "object" || value === null) return;
    if (Array.isArray(value)) value.forEach((item, index) => typeof item === "string" && visit(item, () => `${at}.${index}`));
    else for (const [key, item] of Object.entries(value)) if (typeof item === "string") visit(item, () => `${at}.${key}`);
  };
  strings(object.metadata.labels, "metadata.labels");
  strings(object.metadata.annotations, "metadata.annotations");
  for (const pod of podSpecsOf(object)) {
    const template = pod.path.replace(/\.spec$/, ".metadata");
    if (template !== pod.path) {
      strings(pod.labels, `${template}.labels`);
      strings(pod.annotations, `${template}.annotations`);
    }
    for (const { container, path } of containersOf(pod)) {
      strings(container.command, `${path}.command`);
      strings(container.args, `${path}.args`);
    }
  }
  if (object.kind === "PrometheusRule") {
    ((object.spec as Json | undefined)?.groups as Json[] | undefined)?.forEach((group, groupIndex) =>
      (group?.rules as Json[] | undefined)?.forEach((rule, ruleIndex) => {
        strings(rule?.labels, `spec.groups.${groupIndex}.rules.${ruleIndex}.labels`);
        strings(rule?.annotations, `spec.groups.${groupIndex}.rules.${ruleIndex}.annotations`);
      }),
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

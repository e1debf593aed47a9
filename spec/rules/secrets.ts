// Secrets are references, never values: no secret-looking literal in env, every reference exposed
// somewhere, no name clashes, one Secret per mounted directory, and a store for the values read
// from one.
import { secretStoreOf, secretStoreServiceAccount } from "../environment-settings.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { secretLiteralReason } from "../secret-literals.js";
import { readsSecretStore } from "../secret-references.js";
import { namespaceKeyOf, podContainers } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

export function secretRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const stores = Object.keys(environment.secretStores);
  if (environment.defaultSecretStore !== undefined && !stores.includes(environment.defaultSecretStore)) {
    issues.push({ path: ["defaultSecretStore"], message: `no secret store "${environment.defaultSecretStore}"; declared: ${stores.join(", ") || "none"}` });
  }
  for (const [serviceName, service] of Object.entries(environment.services)) {
    const names = new Map<string, string>();
    for (const { spec, path } of podContainers(serviceName, service)) {
      for (const [name, value] of Object.entries(spec.env)) {
        const reason = secretLiteralReason(name, value);
        if (reason !== undefined) {
          issues.push({
            path: [...path, "env", name],
            message: `${reason}; secret values never go in env or Git: reference the value in secrets instead, e.g. secrets: [{ name: "${name.toLowerCase().replace(/_/g, "-")}", key: "<path in the store>", property: "<field>", env: "${name}" }]`,
          });
        }
      }
      for (const field of ["command", "args"] as const) {
        (spec[field] ?? []).forEach((argument, index) => {
          const reason = secretLiteralReason("", argument);
          if (reason !== undefined) {
            issues.push({
              path: [...path, field, index],
              message: `${reason}; secret values never go in ${field} or Git: reference the value in secrets with env set, and write $(<that variable>) here (Kubernetes expands it)`,
            });
          }
        });
      }
      const envNames = new Set(Object.keys(spec.env));
      spec.secrets.forEach((secret, index) => {
        const at = [...path, "secrets", index];
        if (secret.env === undefined && secret.mountPath === undefined) {
          issues.push({ path: at, message: "a secret nobody reads: set env (a variable name) and/or mountPath (a directory)" });
        }
        const owner = names.get(secret.name);
        if (owner !== undefined) issues.push({ path: [...at, "name"], message: `"${secret.name}" is already used by ${owner}; names are unique within the service's Secret` });
        names.set(secret.name, `${serviceName}/${path.at(-1) === serviceName ? "main" : String(path.at(-1))} secrets[${index}]`);
        if (secret.env !== undefined) {
          if (envNames.has(secret.env)) issues.push({ path: [...at, "env"], message: `${secret.env} is already set in env; a variable has one source` });
          envNames.add(secret.env);
        }
        if (secret.mountPath !== undefined && spec.writablePaths.includes(secret.mountPath)) {
          issues.push({ path: [...at, "mountPath"], message: `${secret.mountPath} is also a writable path; mount secrets in a directory of their own` });
        }
        // One volume per mount path, and a volume is one Secret's.
        const source = secret.existingSecret ?? "the secret store";
        const first = spec.secrets.find((other) => other.mountPath !== undefined && other.mountPath === secret.mountPath);
        if (first !== undefined && first !== secret && (first.existingSecret ?? "the secret store") !== source) {
          issues.push({ path: [...at, "mountPath"], message: `${secret.mountPath} already holds values from ${first.existingSecret === undefined ? "the secret store" : `Secret ${first.existingSecret}`}; a directory holds one Secret's values: mount this one elsewhere` });
        }
      });
    }
    if (!readsSecretStore(serviceName, service)) continue;
    const store = secretStoreOf(service, environment);
    if (store === undefined) {
      issues.push({
        path: ["services", serviceName, "secretStore"],
        message:
          stores.length === 0
            ? "the service reads secrets but the environment declares no secretStores"
            : `required: the environment has several secret stores (${stores.join(", ")}) and no defaultSecretStore`,
      });
    } else if (!stores.includes(store)) {
      issues.push({ path: ["services", serviceName, "secretStore"], message: `no secret store "${store}" in this environment; declared: ${stores.join(", ") || "none"}` });
    } else {
      const account = secretStoreServiceAccount(environment, store);
      const namespace = namespaceKeyOf(service, environment);
      const clash = Object.keys(environment.services).find((other) => other === account && namespaceKeyOf(environment.services[other]!, environment) === namespace);
      if (clash !== undefined) {
        issues.push({
          path: ["secretStores", store, "serviceAccount"],
          message: `the store's ServiceAccount "${account}" would be the ServiceAccount of service ${clash} too; set secretStores.${store}.serviceAccount to another name`,
        });
      }
    }
  }
  return issues;
}

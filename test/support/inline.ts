// Resolve and render specs given inline, without files.
import type { ConfigFile, EnvironmentFile } from "../../spec/define.js";
import type { ServiceInput } from "../../spec/schema/service.js";

/** A config tests may modify in place. */
export interface TestConfig extends ConfigFile {
  platform: ConfigFile["platform"];
  services: Record<string, ServiceInput>;
  environments: Record<string, EnvironmentFile>;
}
import { type EnvironmentSpec, SpecError } from "../../spec/index.js";
import { resolveConfig } from "../../spec/resolve-config.js";
import { type KubeObject, synthEnvironment } from "../../constructs/synth.js";

export function resolveInline(config: ConfigFile): EnvironmentSpec[] {
  return resolveConfig(config, "inline.ts");
}

/** The messages of the SpecError the config raises (fails the test if it raises none). */
export function specErrors(config: ConfigFile): string[] {
  try {
    resolveInline(config);
  } catch (error) {
    if (error instanceof SpecError) return error.message.split("\n");
    throw error;
  }
  throw new Error("expected the spec to be rejected");
}

export function renderInline(config: ConfigFile, environment?: string): KubeObject[] {
  const resolved = resolveInline(config);
  const spec = environment === undefined ? resolved[0]! : resolved.find(({ name }) => name === environment)!;
  return synthEnvironment(spec);
}

export function findObject(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(", ")}`);
  return found;
}

export function hasObject(objects: readonly KubeObject[], kind: string, name: string): boolean {
  return objects.some((object) => object.kind === kind && object.metadata.name === name);
}

const health = { readiness: { http: { path: "/ready" } }, liveness: { http: { path: "/healthz" } } } as const;

/** A small valid config; tests spread their changes over it. */
export function baseConfig(services: ConfigFile["services"] = {}, environment: EnvironmentFile = { namespaces: { shop: {} } }): TestConfig {
  return {
    platform: { name: "shop", registry: "ghcr.io/acme" },
    services: {
      web: {
        image: { repository: "web", tag: "1.0.0" },
        ports: [{ name: "http", port: 8080 }],
        probes: health,
        replicas: 2,
      },
      ...services,
    },
    environments: { dev: environment },
  };
}

export { health };

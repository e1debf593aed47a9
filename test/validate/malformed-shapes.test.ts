// Every rule tolerates any shape that reaches it: one object of each kind the default platform
// renders, with every field in turn replaced by a value of each JSON type, goes through the whole
// gate beside the others. A rule may find problems, never throw (an internal/* finding).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { asApiServerReads } from "../../spec/manifest-documents.js";
import { INTERNAL_RULE_PREFIX } from "../../validate/finding.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";

type Path = (string | number)[];
const REPLACEMENTS = [null, 5, "x", [], {}, true];

function paths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => paths(item, [...prefix, index]))];
  if (typeof value === "object" && value !== null) return [prefix, ...Object.entries(value).flatMap(([key, field]) => paths(field, [...prefix, key]))];
  return [prefix];
}

function replaced(object: KubeObject, path: Path, value: unknown): KubeObject {
  const copy = structuredClone(object) as Record<string | number, any>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  parent[path.at(-1)!] = value;
  return copy as KubeObject;
}

/** The first object of each kind in dist/production/ (its identity fields are left as they are). */
function oneOfEachKind(): KubeObject[] {
  const byKind = new Map<string, KubeObject>();
  for (const directory of ["ai-api", "_cluster", "istio-system"]) {
    for (const file of readdirSync(join("dist/production", directory)).sort()) {
      const object = yaml.load(readFileSync(join("dist/production", directory, file), "utf8")) as KubeObject;
      if (!byKind.has(object.kind)) byKind.set(object.kind, object);
    }
  }
  return [...byKind.values()];
}

it("no rule throws on any field of any kind replaced by any JSON value", () => {
  const schemas = SchemaCatalog.load();
  const objects = oneOfEachKind();
  expect(objects.length).toBeGreaterThanOrEqual(20);
  const internal = new Set<string>();
  for (const object of objects) {
    const others = objects.filter((other) => other !== object).map((other) => ({ object: other }));
    for (const path of paths(object).filter((path) => path.length >= 2 && !(path.length === 2 && path[0] === "metadata" && path[1] === "name"))) {
      for (const value of REPLACEMENTS) {
        // As every input reaches the gate: read as the API server reads it (a null field is not set).
        const mutated = asApiServerReads(replaced(object, path, value)) as KubeObject;
        const findings = runGate("dev", [{ object: mutated }, ...others], { profile: "restricted", schemas, prometheusSelector: { release: "kube-prometheus-stack" } });
        for (const finding of findings.filter(({ rule }) => rule.startsWith(INTERNAL_RULE_PREFIX))) internal.add(`${object.kind} ${path.join(".")} = ${JSON.stringify(value)}: ${finding.rule} ${finding.message}`);
      }
    }
  }
  expect([...internal]).toEqual([]);
}, 300_000);

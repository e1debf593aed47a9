// toYaml writes exactly what js-yaml's dump writes (it lays out mappings and sequences itself and
// asks js-yaml for each scalar), and what it writes reads back as it was.
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { synthEnvironment } from "../../constructs/synth.js";
import { stringDocument, toYaml } from "../../render/serialize.js";
import { loadEnvironments } from "../../spec/index.js";

const reference = (value: unknown) => yaml.dump(value, { sortKeys: true, noRefs: true, lineWidth: -1 });

const TRICKY = ["on", "off", "yes", "No", "y", "n", "~", "null", "true", "0755", "1.0", "1e3", "0x1F", ".inf", "-", "- x", "--config", "a: b", "#x", "x #y", "'q'", '"d"', "{a}", "[a]", "*a", "&a", "!t", "%p", "@a", "`b", "|", ">", " lead", "trail ", "", "multi\nline\n", "x\n", "a\n\n", "\nx", "  two\nlines", "tab\there", "é ü", "😀", "2026-11-21", "12:30", "1_000", "=", "<<", "?", ": x", "a\r\nb", "\u0007", "line\n  indented\nback"];

/** A deterministic pseudo-random generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(next: () => number, depth: number): unknown {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const roll = next();
  if (depth > 3 || roll < 0.45) {
    return pick<unknown>([pick(TRICKY), pick(TRICKY), Math.floor(next() * 2000) - 1000, next() * 10, pick([1e21, -0, 0.1, Number.NaN, Number.POSITIVE_INFINITY]), true, false, null, `svc-${Math.floor(next() * 99)}`]);
  }
  const size = Math.floor(next() * 4);
  if (roll < 0.7) return Array.from({ length: size }, () => generate(next, depth + 1));
  return Object.fromEntries(Array.from({ length: size }, () => [pick([...TRICKY, "name", "namespace", "app.kubernetes.io/name", "spec", "k"]), generate(next, depth + 1)]));
}

describe("stringDocument", () => {
  it("is the document jsToAst builds for every string", () => {
    const strings = [...TRICKY, "svc-0001", "a".repeat(500), "x: y\n".repeat(50), "\u2028", "\uFEFFbom", "🙂 emoji"];
    for (const value of strings) expect(stringDocument(value), JSON.stringify(value)).toEqual(yaml.jsToAst(value, yaml.DUMP_SCHEMA, { noRefs: true, skipInvalid: false }));
  });
});

describe("toYaml", () => {
  it("writes yaml.dump's bytes for every object of the default platform and the examples", async () => {
    const configs = ["environments", "examples/property-management.yaml", "examples/multi-tenant"];
    const objects = (await Promise.all(configs.map(loadEnvironments))).flat().flatMap((environment) => synthEnvironment(environment));
    expect(objects.length).toBeGreaterThan(300);
    expect(objects.filter((object) => toYaml(object) !== reference(object)).map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([]);
  });

  it("writes yaml.dump's bytes for 3000 generated documents of nested mappings, sequences and awkward scalars", () => {
    const next = random(20261121);
    for (let index = 0; index < 3000; index++) {
      const document = { kind: "Doc", index, body: generate(next, 0), items: [generate(next, 1), generate(next, 1)] };
      expect(toYaml(document), JSON.stringify(document)).toBe(reference(document));
    }
  });

  it("reads back exactly; YAML 1.1 look-alikes stay quoted strings for kubectl's parser", () => {
    const value = { strings: TRICKY, map: Object.fromEntries(TRICKY.filter((key) => !key.includes("\n")).map((key, index) => [key, index])), numbers: [0, -1, 1.5, 1e21], flags: [true, false, null] };
    const text = toYaml(value);
    expect(yaml.load(text)).toEqual(value);
    for (const lookAlike of ["on", "off", "yes", "No", "y", "n", "0755", "1_000", "12:30"]) expect(text).toContain(`- '${lookAlike}'`);
  });

  it("sorts keys at every level, writes no anchors for repeated values and never folds long lines", () => {
    const shared = { b: 1, a: 2 };
    const long = "x".repeat(300);
    expect(toYaml({ z: shared, a: [shared], long })).toBe(`a:\n  - a: 2\n    b: 1\nlong: ${long}\nz:\n  a: 2\n  b: 1\n`);
  });
});

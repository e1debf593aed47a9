// toYaml writes exactly what js-yaml's dump writes (it lays out mappings and sequences itself and
// asks js-yaml for each scalar), and what it writes reads back as it was.
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { synthEnvironment } from "../../constructs/synth.js";
import { stringDocument, toYaml } from "../../render/serialize.js";
import { loadEnvironments } from "../../spec/index.js";

const reference = (value: unknown) => yaml.dump(value, { sortKeys: true, noRefs: true, lineWidth: -1 });

const TRICKY = ["on", "off", "---", "... x", "yes", "No", "y", "n", "~", "null", "true", "0755", "1.0", "1e3", "0x1F", ".inf", "-", "- x", "--config", "a: b", "#x", "x #y", "'q'", '"d"', "{a}", "[a]", "*a", "&a", "!t", "%p", "@a", "`b", "|", ">", " lead", "trail ", "", "multi\nline\n", "x\n", "a\n\n", "\nx", "  two\nlines", "tab\there", "é ü", "😀", "2026-11-21", "12:30", "1_000", "=", "<<", "?", ": x", "a\r\nb", "\u0007", "line\n  indented\nback"];

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
    const configs = ["environments", "examples/property-management", "examples/multi-tenant"];
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

  it("writes strings of letters, digits and _./- (written as they are unless they read back as another type) as yaml.dump does", () => {
    const lookAlikes = ["true", "True", "TRUE", "false", "yes", "Yes", "YES", "no", "NO", "on", "On", "ON", "off", "OFF", "y", "Y", "n", "N", "null", "Null", "NULL", "0", "00", "0755", "0o17", "0x1F", "0b101", "1_000", "-1", "1e3", "1E3", "1.5", "1.", "1.5e3", "6.8523015e5", "685_230.15", "2026-11-21", "2026-1-1", "inf", "Infinity", "nan", "NaN", "0.", "1/2", "v1", "a.b/c-d_e"];
    const next = random(51);
    const alphabet = "aeynoflstruxAENOTY0123456789_./-";
    const generated = Array.from({ length: 20000 }, () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(""));
    const differing = [...lookAlikes, ...generated].filter((value) => toYaml({ value, list: [value] }) !== reference({ value, list: [value] }));
    expect(differing).toEqual([]);
    expect(toYaml({ value: "0755" })).toBe("value: '0755'\n");
    expect(toYaml({ value: "svc-0755" })).toBe("value: svc-0755\n");
  });

  it("writes multi-line strings (literal blocks unless they need quoting or an indentation indicator) as yaml.dump does", () => {
    const pieces = ["a", "b c", "x: y", "- item", "# c", "---", "...", "{", "'", '"', " ", "  ", "\t", "\r", "é", "×", "\u2028", "\u00a0", "\u3000", "\ufeff", "😀", "\u0007", "\n", "\n", "\n", ""];
    const next = random(1122);
    const generated = Array.from({ length: 20000 }, () => Array.from({ length: 1 + Math.floor(next() * 8) }, () => pieces[Math.floor(next() * pieces.length)]).join(""));
    const written = ["line one\nline two", "one\n", "two\n\n", "\n", "\n\n", "\nlead", " lead\nx", "\n lead", "x\n  indented\n", "sum(rate(x[5m]))\n/\nsum(rate(y[5m]))", JSON.stringify({ panels: [{ title: "p × 2" }] }, null, 2)];
    const differing = [...written, ...generated].filter((value) => toYaml({ value, list: [value], nested: { deeper: [value] } }) !== reference({ value, list: [value], nested: { deeper: [value] } }));
    expect(differing).toEqual([]);
    expect(toYaml({ value: "a\nb\n\n" })).toBe("value: |+\n  a\n  b\n\n...\n");
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

// Rendering an environment in shards (as the threads of a large render do) gives exactly what
// rendering it whole gives: files, findings, inventory and rules files.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { postedShard, receivedShard } from "../../cli/posted-shard.js";
import { completeEnvironment, renderEnvironment, renderShard } from "../../cli/render-environment.js";
import { ShardQueue } from "../../cli/shard-queue.js";
import { type KubeObject, synthEnvironmentParts } from "../../constructs/synth.js";
import { sortInPlace } from "../../render/serialize.js";
import { finishStaging } from "../../render/write.js";
import { type EnvironmentSpec, loadEnvironments } from "../../spec/index.js";
import { BODY_UNREAD_KINDS, crossObjectView, runCrossObject } from "../../validate/cross-object/index.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { readTree, temporaryDirectory } from "../support/files.js";
import { baseConfig, health, resolveInline } from "../support/inline.js";

const schemas = SchemaCatalog.load();

function renderInShards(environment: EnvironmentSpec, count: number) {
  const shards = Array.from({ length: count }, (_, index) => renderShard(environment, { index, count }, schemas));
  return completeEnvironment(environment, shards);
}

/** A config whose render has findings: an exception naming no rule, on one service of several. */
function configWithFindings(): EnvironmentSpec {
  const service = (exceptions: { rule: string; reason: string }[]) => ({ image: { repository: "api", tag: "1" }, ports: [{ name: "http", port: 8080 }], probes: health, policyExceptions: exceptions });
  return resolveInline(baseConfig({ a: service([]), b: service([{ rule: "hygiene/no-such-rule", reason: "a typo" }]), c: service([]), d: service([]) }))[0]!;
}

describe("a sharded render", () => {
  it.each([2, 3, 7, 40])("in %i shards equals the whole render of every environment of the default platform", async (count) => {
    for (const environment of await loadEnvironments("environments")) {
      expect(renderInShards(environment, count)).toEqual(renderEnvironment(environment, schemas));
    }
  });

  it("keeps the findings, in the same order", () => {
    const environment = configWithFindings();
    const whole = renderEnvironment(environment, schemas);
    expect(whole.findings.map((finding) => finding.rule)).toContain("policy/invalid-exception");
    expect(renderInShards(environment, 3)).toEqual(whole);
  });

  it("splits the services evenly, the namespaces' objects in shard 0, every object once", async () => {
    const [environment] = await loadEnvironments("environments");
    const objects = (index: number, count: number) => [...synthEnvironmentParts(environment!, undefined, { index, count }, 2)].flat();
    const whole = objects(0, 1);
    const shards = [0, 1, 2].map((index) => objects(index, 3));
    expect(shards.flat().map(identity).sort()).toEqual(whole.map(identity).sort());
    expect(shards[0]!.some((object) => object.kind === "Namespace")).toBe(true);
    expect(shards.slice(1).flat().some((object) => object.kind === "Namespace")).toBe(false);
    const deployments = shards.map((shard) => shard.filter((object) => object.kind === "Deployment").length);
    expect(Math.max(...deployments) - Math.min(...deployments)).toBeLessThanOrEqual(1);
  });

  it("staged by several writers into one directory, then finished, equals the files in memory", async () => {
    const [environment] = await loadEnvironments("environments");
    const directory = join(await temporaryDirectory(), "staging");
    await mkdir(directory);
    const target = { directory };
    const shards = [0, 1].map((index) => renderShard(environment!, { index, count: 2 }, schemas, target));
    const rendered = completeEnvironment(environment!, shards, target);
    const expected = renderEnvironment(environment!, schemas).files!;
    expect(rendered.fileCount).toBe(expected.size);
    expect(await readTree(directory)).toEqual(new Map(expected));
  });

  it("crosses threads as JSON and arrives equal", async () => {
    const [environment] = await loadEnvironments("environments");
    const shard = renderShard(environment!, { index: 1, count: 2 }, schemas);
    const posted = postedShard(shard);
    expect(typeof posted.objectsJson).toBe("string");
    expect(receivedShard(structuredClone(posted))).toEqual(shard);
  });
});

describe("finishStaging", () => {
  it("counts every writer's files and links what none of them wrote", async () => {
    const root = await temporaryDirectory();
    const current = join(root, "current");
    const directory = join(root, "staging");
    await mkdir(join(current, "ns"), { recursive: true });
    await mkdir(directory);
    writeFileSync(join(current, "ns", "a.yaml"), "a\n");
    writeFileSync(join(current, "ns", "b.yaml"), "b\n");
    writeFileSync(join(directory, "c.yaml"), "c\n");
    const staged = finishStaging({ directory, current }, [
      { count: 1, changed: 0, added: 0, unchanged: ["ns/a.yaml"], entries: { "ns/a.yaml": [1, 2, 3, "A"] }, indexed: 0 },
      { count: 2, changed: 1, added: 1, unchanged: ["ns/b.yaml"], entries: { "ns/b.yaml": [4, 2, 3, "B"] }, indexed: 0 },
    ]);
    // c.yaml is new; the current output has nothing the render drops.
    expect(staged).toEqual({ count: 3, changes: { added: 1, changed: 0, unchanged: 2, removed: 0 }, entries: new Map([["ns/a.yaml", [1, 2, 3, "A"]], ["ns/b.yaml", [4, 2, 3, "B"]]]), indexed: false });
    expect(await readTree(directory)).toEqual(new Map([["c.yaml", "c\n"], ["ns/a.yaml", "a\n"], ["ns/b.yaml", "b\n"]]));
  });

  it("stages nothing when no writer changed a file and the current output has exactly these files", async () => {
    const root = await temporaryDirectory();
    const current = join(root, "current");
    const directory = join(root, "staging");
    await mkdir(current);
    await mkdir(directory);
    writeFileSync(join(current, "a.yaml"), "a\n");
    expect(finishStaging({ directory, current }, [{ count: 1, changed: 0, added: 0, unchanged: ["a.yaml"], entries: { "a.yaml": [1, 2, 3, "A"] }, indexed: 1 }])).toEqual({
      count: 1,
      changes: { added: 0, changed: 0, unchanged: 1, removed: 0 },
      entries: new Map([["a.yaml", [1, 2, 3, "A"]]]),
      indexed: true,
    });
    expect(readdirSync(directory)).toEqual([]);
  });
});

describe("the cross-object view", () => {
  const fixtures = ["test/fixtures/cross-object", "test/fixtures/bad-manifests", "test/fixtures/clean-manifests"].flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".yaml") && !file.startsWith("input-"))
      .map((file) => join(root, file)),
  );
  const objectsIn = (file: string) => yaml.loadAll(readFileSync(file, "utf8")).filter((object): object is KubeObject => typeof (object as KubeObject | null)?.kind === "string");

  it("are tried on objects whose bodies the view drops", () => {
    expect(fixtures.filter((file) => objectsIn(file).some((object) => BODY_UNREAD_KINDS.has(object.kind))).length).toBeGreaterThan(0);
  });

  it.each(fixtures)("finds in %s what the whole objects give", (file) => {
    const objects = objectsIn(file);
    const located = objects.map((object) => ({ object }));
    const viewed = objects.map((object) => ({ object: crossObjectView(object) }));
    const context = { prometheusSelector: { release: "kube-prometheus-stack" } };
    expect(runCrossObject("test", viewed, context)).toEqual(runCrossObject("test", located, context));
  });

  it("keeps only identity and metadata of the kinds whose bodies no rule reads, and only the names, range and series selectors of a PrometheusRule's rules", () => {
    const dashboard = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "d", labels: { a: "b" } }, data: { "dashboard.json": "{}" } };
    expect(BODY_UNREAD_KINDS.has("ConfigMap")).toBe(true);
    expect(crossObjectView(dashboard)).toEqual({ apiVersion: dashboard.apiVersion, kind: dashboard.kind, metadata: dashboard.metadata });
    const rule = { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: { name: "r" }, spec: { groups: [{ name: "g", interval: "1m", rules: [{ alert: "A", expr: 'sum(rate(x_total{a="b",service="s"}[5m])) > 0 and up == 0', for: "5m", labels: { severity: "page" }, annotations: { summary: "down" } }, { record: "r", expr: "rate(" }] }] } };
    expect(crossObjectView(rule)).toEqual({
      ...rule,
      spec: {
        groups: [
          {
            rules: [
              {
                alert: "A",
                ranges: [{ metric: "x_total", range: "5m" }],
                // Only the selectors xo/promql-labels could flag: up matches on no label a monitor decides.
                selectors: [
                  {
                    metric: "x_total",
                    matchers: [
                      { label: "a", op: "=", value: "b" },
                      { label: "service", op: "=", value: "s" },
                    ],
                  },
                ],
              },
              { record: "r", ranges: [], selectors: [] },
            ],
          },
        ],
      },
    });
    const service = { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { selector: { app: "s" } } };
    expect(crossObjectView(service)).toBe(service);
  });
});

describe("ShardQueue", () => {
  it("hands out each shard once across queues sharing its buffer, then nothing; closing ends it early", () => {
    const queue = new ShardQueue(3);
    const other = new ShardQueue(3, queue.buffer);
    expect([queue.take(), other.take(), queue.take(), other.take(), queue.take()]).toEqual([0, 1, 2, undefined, undefined]);
    const closing = new ShardQueue(5);
    expect(closing.take()).toBe(0);
    closing.close();
    expect(closing.take()).toBeUndefined();
  });
});

describe("sortInPlace", () => {
  it("orders keys as Array.prototype.sort does, short and long", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ["a", "B", "0", "9", "-", "_", ".", "é", "z", "A", ""];
    for (let length = 0; length <= 40; length++) {
      const keys = Array.from({ length }, () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(""));
      const unique = [...new Set(keys)];
      expect(sortInPlace([...unique])).toEqual([...unique].sort());
    }
  });
});

function identity(object: KubeObject): string {
  return `${object.kind}/${object.metadata.namespace ?? ""}/${object.metadata.name}`;
}

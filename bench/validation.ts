// Validation alone: the gate (strict schemas, models, policy, cross-object rules) over one
// environment's objects, already rendered, in this process; median objects per second.
import { synthEnvironment } from "../constructs/synth.js";
import { objectPath } from "../render/layout.js";
import { loadEnvironments } from "../spec/index.js";
import { runGate } from "../validate/gate.js";
import { SchemaCatalog } from "../validate/schema.js";
import { median } from "./report.js";

export async function validationThroughput(config: string, runs: number): Promise<{ objects: number; objectsPerSecond: number }> {
  const [environment] = await loadEnvironments(config);
  const located = synthEnvironment(environment!).map((object) => ({ object, file: objectPath(object) }));
  const options = { profile: "restricted" as const, schemas: SchemaCatalog.load(), prometheusSelector: environment!.prometheus.selector };
  runGate(environment!.name, located, options);
  // Each sample validates at least 20,000 objects, so small platforms are not timed in slivers.
  const repeats = Math.ceil(20000 / located.length);
  const rates = Array.from({ length: runs }, () => {
    // Fresh copies, made before the clock starts: what a rule remembers of an object it read (a
    // PrometheusRule's parsed rules) must not speed up a repeat that a real render never makes.
    const copies = Array.from({ length: repeats }, () => located.map(({ object, file }) => ({ object: structuredClone(object), file })));
    const start = performance.now();
    for (const copy of copies) runGate(environment!.name, copy, options);
    return (repeats * located.length) / ((performance.now() - start) / 1000);
  });
  return { objects: located.length, objectsPerSecond: Math.round(median(rates)) };
}

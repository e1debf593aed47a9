// promtool's acceptances are remembered per rules-file content and promtool binary, and nothing
// else is: rejections, failures that name no file and another promtool all run promtool again.
import { chmodSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { checkRules, type RulesFile, rulesFiles } from "../../validate/promtool.js";
import { PromtoolVerdicts } from "../../validate/promtool-verdicts.js";
import { temporaryDirectory } from "../support/files.js";

/** Logs its file arguments, one run per line; rejects files containing BROKEN, or everything when told to fail. */
const FAKE_PROMTOOL = `#!/bin/sh
log="$(dirname "$0")/runs.log"
echo "$*" | tr ' ' '\\n' | grep '\\.yaml$' | tr '\\n' ' ' >> "$log"; echo >> "$log"
[ -e "$(dirname "$0")/fail" ] && { echo "error: cannot start"; exit 1; }
status=0
for file in "$@"; do case "$file" in *.yaml) if grep -q BROKEN "$file"; then echo "$file: 1:1: broken"; status=1; fi;; esac; done
exit $status
`;

let directory: string;
let promtool: string;
let saved: string | undefined;
beforeEach(async () => {
  saved = process.env.SLIPWAY_PROMTOOL_CACHE_DIR;
  directory = await temporaryDirectory("slipway-verdicts-");
  promtool = join(directory, "promtool");
  writeFileSync(promtool, FAKE_PROMTOOL);
  chmodSync(promtool, 0o755);
  process.env.SLIPWAY_PROMTOOL_CACHE_DIR = join(directory, "verdicts");
});
afterEach(() => {
  if (saved === undefined) delete process.env.SLIPWAY_PROMTOOL_CACHE_DIR;
  else process.env.SLIPWAY_PROMTOOL_CACHE_DIR = saved;
});

function rule(name: string, expr: string): KubeObject {
  return { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: { name, namespace: "shop" }, spec: { groups: [{ name: `${name}.rules`, rules: [{ alert: "Down", expr }] }] } };
}

function files(...objects: KubeObject[]): RulesFile[] {
  return rulesFiles("dev", objects);
}

/** The rules files promtool was given, one list per run. */
function runs(): string[][] {
  try {
    return readFileSync(join(directory, "runs.log"), "utf8").trim().split("\n").map((line) => line.trim().split(" ").filter(Boolean));
  } catch {
    return [];
  }
}

describe("promtool verdicts", () => {
  it("checks a file accepted before without starting promtool, and a new file alone", async () => {
    expect(await checkRules(promtool, files(rule("cart", "up == 0")))).toEqual([]);
    expect(await checkRules(promtool, files(rule("cart", "up == 0")))).toEqual([]);
    expect(runs()).toEqual([["dev__shop__cart.rules.yaml"]]);
    expect(await checkRules(promtool, files(rule("cart", "up == 0"), rule("orders", "up < 1")))).toEqual([]);
    expect(runs()).toEqual([["dev__shop__cart.rules.yaml"], ["dev__shop__orders.rules.yaml"]]);
  });

  it("records every file of an accepted shape, though promtool saw one of them", async () => {
    // Names of one length: their letters are masked alike.
    await checkRules(promtool, files(rule("cart", "up == 0"), rule("bill", "up == 0")));
    await checkRules(promtool, files(rule("bill", "up == 0")));
    expect(runs()).toEqual([[expect.stringMatching(/^dev__shop__(cart|bill)\.rules\.yaml$/)]]);
  });

  it("keeps neither the JSON nor a shape of a file accepted before", async () => {
    await checkRules(promtool, files(rule("cart", "up == 0")));
    const verdicts = PromtoolVerdicts.for(promtool);
    const [accepted, unseen] = rulesFiles("dev", [rule("cart", "up == 0"), rule("orders", "up < 1")], verdicts);
    expect(accepted!.unchecked).toBeUndefined();
    expect(unseen!.unchecked).toEqual({ json: expect.any(String), shape: expect.any(String) });
    expect(await checkRules(promtool, [accepted!, unseen!], verdicts)).toEqual([]);
    expect(runs()).toEqual([["dev__shop__cart.rules.yaml"], ["dev__shop__orders.rules.yaml"]]);
  });

  it("checks everything again with another promtool binary", async () => {
    await checkRules(promtool, files(rule("cart", "up == 0")));
    utimesSync(promtool, new Date(2020, 0, 1), new Date(2020, 0, 1));
    await checkRules(promtool, files(rule("cart", "up == 0")));
    expect(runs()).toHaveLength(2);
  });

  it("never remembers a rejection, and keeps the acceptances of the same run", async () => {
    const mixed = files(rule("cart", "up == 0"), rule("orders", "BROKEN"));
    for (let run = 0; run < 2; run++) {
      expect(await checkRules(promtool, mixed)).toEqual([expect.objectContaining({ object: "PrometheusRule/shop/orders", message: "1:1: broken" })]);
    }
    // Representatives of both shapes, then the rejected shape's files; the second time only the rejected shape.
    expect(runs()).toEqual([["dev__shop__cart.rules.yaml", "dev__shop__orders.rules.yaml"], ["dev__shop__orders.rules.yaml"], ["dev__shop__orders.rules.yaml"], ["dev__shop__orders.rules.yaml"]]);
  });

  it("remembers nothing when promtool fails without naming a file", async () => {
    writeFileSync(join(directory, "fail"), "");
    const findings = await checkRules(promtool, files(rule("cart", "up == 0")));
    expect(findings).toEqual([expect.objectContaining({ rule: "promtool/check-rules", message: "error: cannot start" })]);
    expect(PromtoolVerdicts.for(promtool).accepted(files(rule("cart", "up == 0"))[0]!.digest)).toBe(false);
  });

  it('keeps no verdicts when SLIPWAY_PROMTOOL_CACHE_DIR is ""', async () => {
    process.env.SLIPWAY_PROMTOOL_CACHE_DIR = "";
    await checkRules(promtool, files(rule("cart", "up == 0")));
    await checkRules(promtool, files(rule("cart", "up == 0")));
    expect(runs()).toHaveLength(2);
  });
});

// synth runs promtool on every PrometheusRule before writing, when promtool is available.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { afterEach, describe, expect, it } from "vitest";
import { PROMTOOL_MISSING } from "../../cli/render.js";
import { diagnostics, runCli } from "../support/cli.js";
import { fingerprint, temporaryDirectory } from "../support/files.js";
import { baseConfig, health } from "../support/inline.js";
import { toolAvailable } from "../support/render.js";
import { NO_TOOLS, restorePathAfterEach } from "../support/tool-path.js";

const meshed = { namespaces: { shop: {} }, mesh: { injection: true, cni: true }, alerting: { runbookBaseUrl: "https://runbooks.example.com" } };

async function configWithAlert(expr: string): Promise<string> {
  const directory = await temporaryDirectory();
  const web = { image: { repository: "web", tag: "1" }, ports: [{ name: "http", port: 8080 }], probes: health, alerts: [{ name: "WebDown", expr, summary: "web is down" }] };
  // A caller, so that web is reachable (a Service nobody may call draws a warning).
  const caller = { image: { repository: "caller", tag: "1" }, dependsOn: ["web"] };
  const config = baseConfig({ web, caller }, meshed);
  const file = join(directory, "shop.yaml");
  await writeFile(file, yaml.dump(config));
  return file;
}

restorePathAfterEach();
afterEach(() => {
  delete process.env.SLIPWAY_PROMTOOL;
});

describe.skipIf(!toolAvailable("promtool", ["--version"]))("the promtool gate", () => {
  it("stops the render on a rule promtool rejects, naming the object, and writes nothing", async () => {
    const config = await configWithAlert("sum(rate(up[5m]) > 0");
    const outdir = await temporaryDirectory();
    const before = await fingerprint(outdir);
    const run = await runCli("synth", "--config", config, "--outdir", outdir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("dev: PrometheusRule/shop/web spec.groups: [promtool/check-rules]");
    expect(run.stderr).toContain('"WebDown": could not parse expression');
    expect(await fingerprint(outdir)).toBe(before);
  });

  it("renders valid rules", async () => {
    const run = await runCli("synth", "--config", await configWithAlert("sum(up) == 0"), "--outdir", await temporaryDirectory());
    expect({ code: run.code, stderr: diagnostics(run.stderr) }).toEqual({ code: 0, stderr: "" });
  });
});

describe("without promtool", () => {
  it("renders but says the rules were not checked", async () => {
    process.env.PATH = NO_TOOLS;
    const run = await runCli("synth", "--config", await configWithAlert("sum(rate(up[5m]) > 0"), "--outdir", await temporaryDirectory());
    expect({ code: run.code, stderr: diagnostics(run.stderr) }).toEqual({ code: 0, stderr: `slipway: ${PROMTOOL_MISSING}` });
  });

  it("fails when SLIPWAY_PROMTOOL names a promtool that is not there", async () => {
    process.env.SLIPWAY_PROMTOOL = "/nonexistent/promtool";
    const run = await runCli("synth", "--config", await configWithAlert("sum(up) == 0"), "--outdir", await temporaryDirectory());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("cannot run promtool: /nonexistent/promtool does not exist");
  });
});

// The environment's graph picture (dist/<env>/README.md) draws what the policies allow — the
// internet through the ingress controller, Prometheus to the ports it scrapes, services, cluster
// services, outside hosts — with labels short enough to stay legible, and the Mermaid CLI renders
// it in a headless Chromium.
import { execFile, execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { graphReadme } from "../../render/graph-readme.js";
import { buildGraph } from "../../spec/graph.js";
import { loadEnvironments } from "../../spec/index.js";
import { temporaryDirectory } from "../support/files.js";
import { toolAvailable } from "../support/render.js";

const run = promisify(execFile);
const mermaidOf = (readme: string) => /```mermaid\n([\s\S]*?)```/.exec(readme)![1]!;
const edgeLabels = (chart: string) => [...chart.matchAll(/-->?\|"([^"]*)"\||-\.->\|"([^"]*)"\|/g)].map((match) => match[1] ?? match[2]!);

async function readmeOf(config: string, environment: string): Promise<string> {
  const spec = (await loadEnvironments(config)).find(({ name }) => name === environment)!;
  return graphReadme(spec, buildGraph(spec));
}

describe("the graph picture", () => {
  it("draws the ingress gateway and Prometheus as the sources the policies admit, on the ports they admit", () => {
    const chart = mermaidOf(readFileSync("dist/production/README.md", "utf8"));
    expect(chart).toContain('subgraph ns_istio_system["namespace istio-system"]\n    ingress["Istio ingress gateway"]\n  end');
    expect(chart).toContain('internet -->|"443"| ingress\n  ingress -->|"8080"| svc_api_gateway');
    // Meshed: each service's metrics port and its sidecar's Envoy endpoint.
    for (const service of ["analytics-service", "api-gateway", "auth-service", "consciousness-service"]) expect(chart).toContain(`prometheus -.->|"9090, 15090"| svc_${service.replace(/-/g, "_")}`);
  });

  it("draws ingress-nginx, Prometheus on the metrics port only, and the cluster's database where there is no mesh", async () => {
    const chart = mermaidOf(await readmeOf("examples/property-management", "production"));
    expect(chart).toContain('subgraph ns_ingress_nginx["namespace ingress-nginx"]\n    ingress["ingress controller (nginx)"]');
    expect(chart).toContain('ingress -->|"8080"| svc_api');
    expect(chart).toContain('prometheus -.->|"9100"| svc_api');
    expect(chart).not.toContain("15090");
    const multiTenant = mermaidOf(await readmeOf("examples/multi-tenant", "production"));
    expect(multiTenant).toMatch(/cluster_listings\[\("listings \(shared, PostgreSQL\)"\)\]/);
  });

  it("keeps every edge label short (port numbers): names, hosts and paths are in the table", async () => {
    for (const [config, environment] of [["environments", "production"], ["examples/multi-tenant", "production"], ["examples/travel", "production"]] as const) {
      const labels = edgeLabels(mermaidOf(await readmeOf(config, environment)));
      expect(labels.length).toBeGreaterThan(3);
      for (const label of labels) expect(label, `${config} ${environment}`).toMatch(/^[0-9]+(, [0-9]+)*$/);
    }
    expect(readFileSync("dist/production/README.md", "utf8")).toContain("| api-gateway | ai-api | analytics-service (http 8080)");
  });
});

describe.skipIf(!toolAvailable("chromium", ["--version"]))("the graph picture in a browser", () => {
  it("renders with the Mermaid CLI in headless Chromium, every node and edge label drawn", { timeout: 120_000 }, async () => {
    const directory = await temporaryDirectory();
    const chart = mermaidOf(readFileSync("dist/production/README.md", "utf8"));
    await writeFile(join(directory, "graph.mmd"), chart);
    // As root (CI) Chromium runs only without its sandbox.
    const chromium = execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
    await writeFile(join(directory, "puppeteer.json"), JSON.stringify({ executablePath: chromium, args: ["--no-sandbox"] }));
    await run(process.execPath, [join("node_modules", "@mermaid-js", "mermaid-cli", "src", "cli.js"), "-q", "-i", join(directory, "graph.mmd"), "-o", join(directory, "graph.svg"), "-p", join(directory, "puppeteer.json")], { timeout: 110_000 });
    const svg = readFileSync(join(directory, "graph.svg"), "utf8");
    expect(svg).toMatch(/^<svg /);
    for (const label of ["api-gateway", "auth-service", "analytics-service", "consciousness-", "Prometheus", "Istio ingress", "api.openai.com", "namespace ai-api", "namespace monitoring"]) expect(svg, label).toContain(label);
    for (const label of new Set(edgeLabels(chart))) expect(svg, label).toContain(`>${label}<`);
  });
});

// The reference the benchmark divides by: a bare cdk8s-plus-28 app with the same N services × 3
// environments, a Deployment, Service and HorizontalPodAutoscaler per service, synthesized one
// file per resource, no validation. Run by the harness as `node --import tsx bench/baseline.ts <N> <outdir>`
// (TypeScript through tsx, as a cdk8s project runs); prints its CPU time and peak memory as JSON.
import { App, Chart, YamlOutputType } from "cdk8s";
import * as kplus from "cdk8s-plus-28";
import { BENCH_ENVIRONMENTS, serviceName } from "./synthetic.js";

const [services, outdir] = [Number(process.argv[2]), process.argv[3]!];
const app = new App({ outdir, outputFileExtension: ".yaml", yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
for (const environment of BENCH_ENVIRONMENTS) {
  const chart = new Chart(app, environment, { namespace: environment });
  for (let index = 0; index < services; index++) {
    const name = serviceName(index);
    const deployment = new kplus.Deployment(chart, name, {
      containers: [{ image: `registry.example.com/bench/${name}:1.0.0`, portNumber: 8080 }],
    });
    deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    new kplus.HorizontalPodAutoscaler(chart, `${name}-hpa`, { target: deployment, minReplicas: 2, maxReplicas: 10 });
  }
}
app.synth();
const usage = process.resourceUsage();
console.log(JSON.stringify({ cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000), maxRssKb: usage.maxRSS }));

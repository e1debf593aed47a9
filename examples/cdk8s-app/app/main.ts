// An existing cdk8s app that adds slipway's services next to its own chart: slipway renders the
// checkout service with everything it needs (ServiceAccount, Deployment, Service, HPA,
// PodDisruptionBudget, NetworkPolicies, the namespace's quota and baselines) and validates it when
// the app synthesizes. Run it with `npx tsx examples/cdk8s-app/app/main.ts` (writes dist/*.k8s.yaml).
import { pathToFileURL } from "node:url";
import { App } from "cdk8s";
import { SlipwayEnvironment } from "slipway/constructs";
import platform from "../platform.js";
import production from "../production.js";
import { StorefrontChart } from "./storefront-chart.js";

export function storefrontApp(outdir = "dist"): App {
  const app = new App({ outdir });
  new StorefrontChart(app, "storefront", { namespace: "storefront", flags: { "one-click-checkout": true } });
  // app.synth() fails with each finding of slipway's validation gate (schema, policy, cross-object).
  new SlipwayEnvironment(app, "checkout", { config: { ...platform, environments: { production } }, environment: "production", file: "examples/cdk8s-app" });
  return app;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) storefrontApp().synth();

// The app's own chart, written by hand before slipway came along: the storefront's feature flags.
import { ApiObject, Chart } from "cdk8s";
import type { Construct } from "constructs";

export interface StorefrontChartProps {
  /** The namespace the storefront runs in. */
  readonly namespace: string;
  /** Feature flags, by name. @default none */
  readonly flags?: Readonly<Record<string, boolean>>;
}

export class StorefrontChart extends Chart {
  constructor(scope: Construct, id: string, props: StorefrontChartProps) {
    super(scope, id, { namespace: props.namespace, disableResourceNameHashes: true });
    new ApiObject(this, "flags", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "storefront-flags" },
      data: Object.fromEntries(Object.entries(props.flags ?? {}).map(([flag, on]) => [flag, String(on)])),
    });
  }
}

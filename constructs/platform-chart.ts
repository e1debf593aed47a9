// One environment of the platform: its namespaces and every service's workload.
import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import type { EnvironmentSpec } from "../spec/index.js";
import { TenantNamespace } from "./tenancy/tenant-namespace.js";
import { ServiceWorkload } from "./workload/service-workload.js";

export interface PlatformChartProps {
  readonly environment: EnvironmentSpec;
}

export class PlatformChart extends Chart {
  constructor(scope: Construct, id: string, props: PlatformChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { environment } = props;
    for (const namespaceKey of Object.keys(environment.namespaces).sort()) {
      new TenantNamespace(this, `namespace-${namespaceKey}`, { environment, namespaceKey });
    }
    for (const serviceName of Object.keys(environment.services).sort()) {
      new ServiceWorkload(this, `service-${serviceName}`, { environment, serviceName });
    }
  }
}

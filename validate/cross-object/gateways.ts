// Two Istio Gateways of the same gateway workload (equal selectors) claiming one host on one port:
// Istio reports the conflict (IST0145, conflicting gateways) and serves only one of them, so the
// routes bound to the other stop working. One Gateway per host, shared by every route, is the fix.
import type { KubeObject } from "../../constructs/synth.js";
import { canonical } from "../../spec/json-values.js";
import type { Json } from "../policy/rule.js";
import type { CrossObjectRule, CrossObjectViolation } from "./object-index.js";

// A server host without its namespace part: "ns/host", "./host" and "*" followed by "/host" are all "host".
const bareHost = (host: string) => host.slice(host.indexOf("/") + 1);

export const gatewayRules: readonly CrossObjectRule[] = [
  {
    id: "xo/gateway-host",
    severity: "error",
    fix: "serve the host from one Gateway and bind every VirtualService for it to that Gateway (slipway does this for services exposed on one host)",
    check: (index) => {
      const claimed = new Map<string, { gateway: KubeObject; server: number }>();
      const violations: CrossObjectViolation[] = [];
      for (const gateway of index.ofKind("Gateway").filter((object) => object.apiVersion.startsWith("networking.istio.io/"))) {
        const spec = (gateway.spec ?? {}) as Json;
        ((spec.servers as Json[] | undefined) ?? []).forEach((server, position) => {
          for (const host of (server?.hosts as string[] | undefined) ?? []) {
            const key = `${canonical(spec.selector ?? {})} ${server?.port?.number} ${bareHost(host)}`;
            const first = claimed.get(key);
            if (first === undefined) {
              claimed.set(key, { gateway, server: position });
            } else if (first.gateway !== gateway) {
              const other = `${first.gateway.metadata.namespace ?? "default"}/${first.gateway.metadata.name}`;
              violations.push({ object: gateway, path: `spec.servers.${position}.hosts`, message: `Gateway ${gateway.metadata.name} serves ${bareHost(host)} on port ${server?.port?.number}, which Gateway ${other} of the same gateway workload serves too: Istio keeps one (IST0145)` });
            }
          }
        });
      }
      return violations;
    },
  },
];

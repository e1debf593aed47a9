// How callers' sidecars reach a service: DestinationRule (mTLS, circuit breaking, outlier
// detection) and VirtualService (timeout, retries, fault injection) from its `traffic` settings.
import type { IDestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import type { IVirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import type { GraphPort } from "../../spec/graph.js";
import type { TrafficSpec } from "../../spec/schema/traffic.js";

type HttpRoute = NonNullable<NonNullable<IVirtualService["spec"]>["http"]>[number];

export function destinationRuleSpec(host: string, traffic: TrafficSpec): NonNullable<IDestinationRule["spec"]> {
  const { connectionPool: pool, outlierDetection: outlier } = traffic;
  return {
    host,
    trafficPolicy: {
      tls: { mode: "ISTIO_MUTUAL" },
      connectionPool: {
        tcp: { maxConnections: pool.maxConnections, connectTimeout: pool.connectTimeout },
        http: {
          http1MaxPendingRequests: pool.http1MaxPendingRequests,
          http2MaxRequests: pool.http2MaxRequests,
          ...(pool.maxRequestsPerConnection === undefined ? {} : { maxRequestsPerConnection: pool.maxRequestsPerConnection }),
          ...(pool.idleTimeout === undefined ? {} : { idleTimeout: pool.idleTimeout }),
        },
      },
      outlierDetection: {
        consecutive5xxErrors: outlier.consecutive5xxErrors,
        ...(outlier.consecutiveGatewayErrors === undefined ? {} : { consecutiveGatewayErrors: outlier.consecutiveGatewayErrors }),
        interval: outlier.interval,
        baseEjectionTime: outlier.baseEjectionTime,
        maxEjectionPercent: outlier.maxEjectionPercent,
      },
    },
  };
}

/** Timeout, retries and (outside production, checked by the spec rules) faults of one route. */
export function routePolicy(traffic: TrafficSpec): Pick<HttpRoute, "timeout" | "retries" | "fault"> {
  const { timeout, retries, fault } = traffic;
  return {
    timeout,
    retries:
      retries.attempts === 0
        ? { attempts: 0 }
        : { attempts: retries.attempts, perTryTimeout: retries.perTryTimeout, retryOn: retries.retryOn },
    ...(fault === undefined
      ? {}
      : {
          fault: {
            ...(fault.delay ? { delay: { percentage: { value: fault.delay.percent }, fixedDelay: fault.delay.fixedDelay } } : {}),
            ...(fault.abort ? { abort: { percentage: { value: fault.abort.percent }, httpStatus: fault.abort.httpStatus } } : {}),
          },
        }),
  };
}

/** One route per HTTP/gRPC port callers use, so each port keeps its own destination. */
export function meshRoutes(host: string, ports: readonly GraphPort[], traffic: TrafficSpec): HttpRoute[] {
  return ports
    .filter((port) => port.protocol !== "tcp")
    .map((port) => ({
      name: port.name,
      match: [{ port: port.port }],
      route: [{ destination: { host, port: { number: port.port } } }],
      ...routePolicy(traffic),
    }));
}

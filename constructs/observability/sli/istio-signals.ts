// Request signals from Istio's destination-side metrics: the sidecar of the service's pods counts
// every request it receives, with its response code and duration.
import type { GraphPort, ServiceNode } from "../../../spec/graph.js";
import { boundMatcher, labelSet, type RequestSignals } from "./request-signals.js";

/** gRPC statuses that mean the server failed (UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS). */
const GRPC_SERVER_ERRORS = "2|4|12|13|14|15";
const HISTOGRAM = "istio_request_duration_milliseconds";

function istioScope(node: ServiceNode): Record<string, string> {
  return { reporter: "destination", destination_workload_namespace: node.namespace, destination_workload: node.name };
}

export function istioSignals(node: ServiceNode): RequestSignals {
  const selector = labelSet(istioScope(node)).slice(1, -1);
  const rate = (metric: string, extra: string, window: string) => `sum(rate(${metric}{${selector}${extra}}[${window}]))`;
  const servesGrpc = node.ports.some((port: GraphPort) => port.protocol === "grpc");
  const series = (metric: string, labels: Record<string, string>) => `${metric}${labelSet({ ...istioScope(node), ...labels })}`;
  return {
    source: "istio",
    requests: (window) => rate("istio_requests_total", "", window),
    errors: (window) =>
      servesGrpc
        ? `((${rate("istio_requests_total", ',response_code=~"5.."', window)} or vector(0)) + (${rate("istio_requests_total", `,response_code!~"5..",grpc_response_status=~"${GRPC_SERVER_ERRORS}"`, window)} or vector(0)))`
        : `(${rate("istio_requests_total", ',response_code=~"5.."', window)} or vector(0))`,
    describeErrors: servesGrpc ? "failed with a 5xx or a gRPC server error" : "failed with a 5xx",
    breakdown: { label: "response_code", requests: (window) => `sum by (response_code) (rate(istio_requests_total{${selector}}[${window}]))` },
    latency: {
      unit: "ms",
      count: (window) => rate(`${HISTOGRAM}_count`, "", window),
      fasterThan: (thresholdMs, window) => `(${rate(`${HISTOGRAM}_bucket`, `,${boundMatcher(thresholdMs)}`, window)} or vector(0))`,
      buckets: (window) => `sum by (le) (rate(${HISTOGRAM}_bucket{${selector}}[${window}]))`,
      fixture: () => ({
        bucket: (thresholdMs) => series(`${HISTOGRAM}_bucket`, { response_code: "200", le: String(thresholdMs) }),
        count: series(`${HISTOGRAM}_count`, { response_code: "200" }),
      }),
    },
    fixture: () => ({ good: [series("istio_requests_total", { response_code: "200" })], bad: [series("istio_requests_total", { response_code: "500" })] }),
  };
}

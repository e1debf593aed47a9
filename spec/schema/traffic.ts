// How callers' sidecars talk to a service: timeouts, retries, circuit breaking, fault injection.
import { z } from "zod";
import { int32, istioDuration } from "../formats.js";

const RETRY_CONDITIONS = [
  "5xx",
  "gateway-error",
  "reset",
  "connect-failure",
  "envoy-ratelimited",
  "retriable-4xx",
  "refused-stream",
  "retriable-status-codes",
  "retriable-headers",
  "cancelled",
  "deadline-exceeded",
  "internal",
  "resource-exhausted",
  "unavailable",
];

const retryOn = z.string().superRefine((text, ctx) => {
  const unknown = text.split(",").filter((condition) => !RETRY_CONDITIONS.includes(condition) && !/^[1-5][0-9][0-9]$/.test(condition));
  if (unknown.length > 0) {
    ctx.addIssue({
      code: "custom",
      message: `unknown retry condition ${unknown.map((value) => `"${value}"`).join(", ")}: use a comma-separated list of ${RETRY_CONDITIONS.join(", ")} or HTTP status codes`,
    });
  }
});

const percentage = z
  .number()
  .gt(0, { error: "a percentage must be greater than 0" })
  .max(100, { error: "a percentage must be at most 100" })
  .describe("Share of requests affected, in %.");

export const TrafficSchema = z
  .strictObject({
    timeout: istioDuration.default("15s").describe("Whole-request timeout, retries included."),
    retries: z
      .strictObject({
        attempts: int32().min(0).default(2).describe("Retries after the first try (0 turns retries off)."),
        perTryTimeout: istioDuration.default("5s").describe("Timeout of each try. perTryTimeout × (attempts + 1) must fit in timeout."),
        retryOn: retryOn
          .default("connect-failure,refused-stream,unavailable,cancelled")
          .describe("Envoy retry conditions. The default retries only what is safe for non-idempotent requests."),
      })
      .prefault({})
      .describe("Retries by the caller's sidecar."),
    connectionPool: z
      .strictObject({
        maxConnections: int32().min(1).default(1024).describe("TCP connections each caller's sidecar opens to the service."),
        connectTimeout: istioDuration.default("5s").describe("TCP connect timeout."),
        http1MaxPendingRequests: int32().min(1).default(1024).describe("Requests queued while waiting for a connection."),
        http2MaxRequests: int32().min(1).default(1024).describe("Concurrent requests to the service."),
        maxRequestsPerConnection: int32().min(1).optional().describe("Requests per connection before it is recycled. @default unlimited."),
        idleTimeout: istioDuration.optional().describe("Idle connection timeout. @default Istio's (1h)."),
      })
      .prefault({})
      .describe("Circuit-breaking limits (DestinationRule connectionPool)."),
    outlierDetection: z
      .strictObject({
        consecutive5xxErrors: int32().min(1).default(5).describe("5xx responses in a row that eject a pod."),
        consecutiveGatewayErrors: int32().min(1).optional().describe("502/503/504 responses in a row that eject a pod."),
        interval: istioDuration.default("10s").describe("How often pods are evaluated."),
        baseEjectionTime: istioDuration.default("30s").describe("Minimum ejection time (grows with repeated ejections)."),
        maxEjectionPercent: z.number().int().min(1).max(100).default(50).describe("Most pods ejected at once, in %."),
      })
      .prefault({})
      .describe("Ejection of failing pods from the load-balancing pool."),
    fault: z
      .strictObject({
        delay: z
          .strictObject({ percent: percentage, fixedDelay: istioDuration.describe("Delay added to each affected request.") })
          .optional()
          .describe("Delay a share of requests."),
        abort: z
          .strictObject({ percent: percentage, httpStatus: z.number().int().min(400).max(599).describe("Status returned to affected requests.") })
          .optional()
          .describe("Fail a share of requests with an HTTP status."),
      })
      .optional()
      .describe("Fault injection, for resilience testing. Rejected in production environments."),
  })
  .meta({ id: "Traffic", description: "Traffic policy applied by callers' sidecars (VirtualService and DestinationRule)." });

export type TrafficSpec = z.output<typeof TrafficSchema>;

// An Ingress routes to Services that exist, on ports they expose.
import type { KubeObject } from "../../constructs/synth.js";
import type { Json } from "../policy/rule.js";
import type { CrossObjectRule, CrossObjectViolation, ObjectIndex } from "./object-index.js";

interface ServiceBackend {
  readonly path: string;
  readonly name: unknown;
  /** A port number, a port name, or undefined when the backend names none. */
  readonly port: unknown;
}

/** The Service backends of an Ingress: networking.k8s.io/v1 (`service: {name, port}`) and the removed v1beta1 (`serviceName`, `servicePort`). */
function serviceBackends(ingress: KubeObject): ServiceBackend[] {
  const spec = ingress.spec as Json;
  const at = (backend: unknown, path: string): ServiceBackend[] => {
    if (typeof backend !== "object" || backend === null) return [];
    const { service, serviceName, servicePort } = backend as Json;
    if (typeof service === "object" && service !== null) return [{ path: `${path}.service`, name: service.name, port: service.port?.number ?? service.port?.name }];
    return serviceName === undefined ? [] : [{ path, name: serviceName, port: servicePort }];
  };
  const rules = Array.isArray(spec.rules) ? (spec.rules as Json[]) : [];
  return [
    ...at(spec.defaultBackend ?? spec.backend, spec.defaultBackend === undefined ? "spec.backend" : "spec.defaultBackend"),
    ...rules.flatMap((rule, ruleIndex) => {
      const paths = Array.isArray(rule?.http?.paths) ? (rule.http.paths as Json[]) : [];
      return paths.flatMap((path, pathIndex) => at(path?.backend, `spec.rules.${ruleIndex}.http.paths.${pathIndex}.backend`));
    }),
  ];
}

function backendViolation(index: ObjectIndex, ingress: KubeObject, backend: ServiceBackend): CrossObjectViolation[] {
  if (typeof backend.name !== "string") return [];
  const namespace = ingress.metadata.namespace ?? "default";
  const service = index.find("Service", namespace, backend.name);
  if (service === undefined) return [{ object: ingress, path: backend.path, message: `Ingress ${ingress.metadata.name} routes to Service ${backend.name}, which is not in namespace ${namespace}`, unresolved: true }];
  const spec = service.spec as Json;
  if (backend.port === undefined || spec.type === "ExternalName") return [];
  const ports = Array.isArray(spec.ports) ? (spec.ports as Json[]) : [];
  const exposed = ports.some((port) => (typeof backend.port === "number" ? port?.port === backend.port : port?.name === backend.port || String(port?.port) === backend.port));
  return exposed ? [] : [{ object: ingress, path: backend.path, message: `Ingress ${ingress.metadata.name} routes to port ${String(backend.port)} of Service ${backend.name}, which does not expose it` }];
}

export const ingressRules: readonly CrossObjectRule[] = [
  {
    id: "xo/ingress-backend",
    severity: "error",
    fix: "route to a Service in the Ingress's namespace, by a port number or name the Service exposes",
    check: (index) => index.ofKind("Ingress").flatMap((ingress) => serviceBackends(ingress).flatMap((backend) => backendViolation(index, ingress, backend))),
  },
];

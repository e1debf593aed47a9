// Every container a namespace would admit fits its LimitRanges: what the LimitRanger admission
// plugin fills in (a missing limit from `default`, a missing request from the limit or
// `defaultRequest`) and then checks (min, max, maxLimitRequestRatio, request ≤ limit), for init
// containers and the Istio proxy whose resources a pod pins by annotation too. A pod that fails is
// refused at admission, so its workload never gets a pod at all.
import type { KubeObject } from "../../constructs/synth.js";
import { formatCpu, formatMemory, isQuantity, parseQuantity } from "../../spec/quantity.js";
import { containersOf, type Json, podSpecsOf } from "../policy/rule.js";
import type { CrossObjectRule, CrossObjectViolation } from "./object-index.js";

const RESOURCES = ["cpu", "memory"] as const;
type Resource = (typeof RESOURCES)[number];

/** The Istio proxy's resources, as the sidecar.istio.io annotations pin them. */
const PROXY_ANNOTATIONS: Record<"requests" | "limits", Record<Resource, string>> = {
  requests: { cpu: "sidecar.istio.io/proxyCPU", memory: "sidecar.istio.io/proxyMemory" },
  limits: { cpu: "sidecar.istio.io/proxyCPULimit", memory: "sidecar.istio.io/proxyMemoryLimit" },
};

const quantity = (value: unknown): number | undefined => (typeof value === "string" && isQuantity(value) ? parseQuantity(value) : typeof value === "number" ? value : undefined);

interface ContainerResources {
  readonly name: string;
  readonly path: string;
  readonly requests: Json;
  readonly limits: Json;
}

/** What admission checks of one container against one LimitRange item, after filling in its defaults. */
function problems(container: ContainerResources, item: Json): string[] {
  return RESOURCES.flatMap((resource) => {
    const [max, min, ratio] = [quantity(item.max?.[resource]), quantity(item.min?.[resource]), quantity(item.maxLimitRequestRatio?.[resource])];
    // The API server stores a Container item's default as its max, and its defaultRequest as its default, where unset.
    const defaultLimit = quantity(item.default?.[resource]) ?? max;
    const limit = quantity(container.limits[resource]) ?? defaultLimit;
    const request = quantity(container.requests[resource]) ?? quantity(container.limits[resource]) ?? quantity(item.defaultRequest?.[resource]) ?? defaultLimit;
    const found: string[] = [];
    if (max !== undefined && limit !== undefined && limit > max) found.push(`${resource} limit ${show(limit, resource)} is above the max ${item.max[resource]}`);
    if (min !== undefined && (request === undefined || request < min)) found.push(`${resource} request ${request === undefined ? "(none)" : show(request, resource)} is below the min ${item.min[resource]}`);
    if (request !== undefined && limit !== undefined && request > limit) found.push(`${resource} request ${show(request, resource)} is above its limit ${show(limit, resource)}${container.limits[resource] === undefined ? " (the LimitRange's default)" : ""}`);
    if (ratio !== undefined && request !== undefined && limit !== undefined && request > 0 && limit / request > ratio) found.push(`${resource} limit/request ${(limit / request).toFixed(2)} is above the maxLimitRequestRatio ${item.maxLimitRequestRatio[resource]}`);
    return found;
  });
}

function show(value: number, resource: Resource): string {
  return resource === "cpu" ? formatCpu(value) : formatMemory(value);
}

/** The containers of an object's pods, and the Istio proxy where annotations pin its resources. */
function containersOfPods(object: KubeObject): ContainerResources[] {
  return podSpecsOf(object).flatMap((pod) => {
    const declared = containersOf(pod)
      .filter(({ kind }) => kind !== "ephemeralContainers")
      .map(({ container, path }) => ({ name: String(container.name), path: `${path}.resources`, requests: container.resources?.requests ?? {}, limits: container.resources?.limits ?? {} }));
    const pinned = (kind: "requests" | "limits") => Object.fromEntries(RESOURCES.flatMap((resource) => (pod.annotations[PROXY_ANNOTATIONS[kind][resource]] === undefined ? [] : [[resource, pod.annotations[PROXY_ANNOTATIONS[kind][resource]]]])));
    const proxy = { name: "istio-proxy (injected)", path: `${pod.path.replace(/\.spec$/, "")}.metadata.annotations`, requests: pinned("requests"), limits: pinned("limits") };
    return Object.keys(proxy.requests).length + Object.keys(proxy.limits).length > 0 ? [...declared, proxy] : declared;
  });
}

export const limitRangeRules: readonly CrossObjectRule[] = [
  {
    id: "xo/limit-range-fit",
    severity: "error",
    fix: "give the container requests and limits within its namespace's LimitRange (the mesh proxy's through mesh.sidecar or its sidecar.istio.io annotations), or change the LimitRange",
    check: (index) =>
      index.ofKind("LimitRange").flatMap((limitRange): CrossObjectViolation[] => {
        const namespace = limitRange.metadata.namespace ?? "default";
        const items = (((limitRange.spec as Json | undefined)?.limits as Json[] | undefined) ?? []).filter((item) => item?.type === "Container");
        if (items.length === 0) return [];
        return index.objects
          .filter((object) => (object.metadata.namespace ?? "default") === namespace && podSpecsOf(object).length > 0)
          .flatMap((object) =>
            containersOfPods(object).flatMap((container) =>
              items.flatMap((item) => problems(container, item)).map((problem) => ({ object, path: container.path, message: `${object.kind} ${object.metadata.name}: container ${container.name}'s ${problem} of LimitRange ${limitRange.metadata.name}, so admission refuses its pods` })),
            ),
          );
      }),
  },
];

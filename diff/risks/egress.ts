// Traffic that may now leave the mesh: new external hosts and ports in ServiceEntries, a Sidecar
// that lets any outbound host through or names new egress hosts.
import { added } from "../canonical.js";
import type { Json, ObjectChange } from "../object-changes.js";
import { changesOf, type RiskCheck, type RiskFlag } from "./risk-check.js";

function externalHosts(entry: Json): string[] {
  if (entry.spec?.location === "MESH_INTERNAL") return [];
  const ports: Json[] = entry.spec?.ports?.length ? entry.spec.ports : [{}];
  return ((entry.spec?.hosts as string[] | undefined) ?? []).flatMap((host) => ports.map((port) => `${host}${port.number === undefined ? "" : `:${port.number}`}${port.protocol === undefined ? "" : ` (${port.protocol})`}`));
}

const ALLOW_ANY = "any host (outboundTrafficPolicy ALLOW_ANY)";

/** A new Sidecar narrows what its pods reach, unless it lets any host through; a changed one may name more. */
function sidecarEgress(sidecar: Json, isNew: boolean): string[] {
  return [
    ...(sidecar.spec?.outboundTrafficPolicy?.mode === "ALLOW_ANY" ? [ALLOW_ANY] : []),
    ...(isNew ? [] : ((sidecar.spec?.egress as Json[] | undefined) ?? []).flatMap((listener) => (listener.hosts as string[] | undefined) ?? [])),
  ];
}

function flags(change: ObjectChange, destinations: (object: Json, isNew: boolean) => string[]): RiskFlag[] {
  if (change.after === undefined) return [];
  const isNew = change.before === undefined;
  const opened = added(isNew ? [] : destinations(change.before!, false), destinations(change.after, isNew));
  return opened.length === 0 ? [] : [{ category: "egress", service: change.service, message: `${change.ref} opens egress to ${opened.join("; ")} (new)` }];
}

export const newEgress: RiskCheck = {
  category: "egress",
  check: (changes) => [
    ...changesOf(changes, "networking.istio.io/ServiceEntry").flatMap((change) => flags(change, (entry) => externalHosts(entry))),
    ...changesOf(changes, "networking.istio.io/Sidecar").flatMap((change) => flags(change, sidecarEgress)),
  ],
};

// What changed per service, by cause: one line for an image bump however many objects carry the
// version label, before → after for images, replicas, autoscaling bounds and resources, and the
// remaining objects named with the fields that changed in them.
import { containersOf, podSpecsOf } from "../validate/policy/rule.js";
import { autoscalerBounds } from "../validate/autoscalers.js";
import type { KubeObject } from "../constructs/synth.js";
import { changedPaths } from "./canonical.js";
import type { Json, ObjectChange } from "./object-changes.js";

export interface ServiceSummary {
  readonly service: string;
  readonly lines: readonly string[];
}

const VERSION_LABEL = "labels.app.kubernetes.io/version";

/** Paths the cause lines already say, or that only follow from them. */
const SAID: readonly RegExp[] = [
  /(^|\.)labels\.app\.kubernetes\.io\/version$/,
  /ontainers\.\d+\.image$/,
  /ontainers\.\d+\.resources\./,
  /^spec\.replicas$/,
  /^spec\.(min|max)Replicas$/,
];

/** At most this many changed fields are named per object. */
const NAMED_FIELDS = 4;

export function serviceSummaries(changes: readonly ObjectChange[]): ServiceSummary[] {
  const services = new Map<string, ObjectChange[]>();
  for (const change of changes) services.set(change.service, [...(services.get(change.service) ?? []), change]);
  return [...services.entries()].map(([service, objects]) => ({ service, lines: summaryLines(objects) }));
}

function summaryLines(changes: readonly ObjectChange[]): string[] {
  const modified = changes.filter((change) => change.change === "modified");
  const relabelled = modified.filter((change) => changedPaths(change.before, change.after).some((path) => path.endsWith(VERSION_LABEL))).length;
  const images = [...new Set(modified.flatMap(imageLines))];
  const relabelling = relabelled === 0 ? "" : `version label on ${relabelled} object${relabelled === 1 ? "" : "s"}`;
  const lines = new Set<string>(images.map((line, index) => (index === 0 && relabelling !== "" ? `${line} (and its ${relabelling})` : line)));
  if (images.length === 0 && relabelling !== "") {
    const version = (object: Json) => object.metadata?.labels?.["app.kubernetes.io/version"] ?? "unset";
    const first = modified.find((change) => version(change.before!) !== version(change.after!))!;
    lines.add(`${relabelling}: ${version(first.before!)} → ${version(first.after!)}`);
  }
  for (const line of [...modified.flatMap(replicaLines), ...modified.flatMap(resourceLines)]) lines.add(line);
  for (const change of changes) {
    if (change.change !== "modified") {
      lines.add(`${change.change} ${change.ref}`);
      continue;
    }
    const rest = [...new Set(changedPaths(change.before, change.after).filter((path) => !SAID.some((pattern) => pattern.test(path))).map(field))];
    if (rest.length > 0) lines.add(`changed ${change.ref}: ${rest.slice(0, NAMED_FIELDS).join(", ")}${rest.length > NAMED_FIELDS ? ` and ${rest.length - NAMED_FIELDS} more` : ""}`);
  }
  return [...lines];
}

/** A changed leaf as the field a reviewer looks at: the path up to its first list (items shift when one is inserted). */
function field(path: string): string {
  const list = path.search(/\.\d+(\.|$)/);
  return list < 0 ? path : path.slice(0, list);
}

/** The containers of an object's pod specs by name. */
function containers(object: Json): Map<string, Json> {
  return new Map(podSpecsOf(object as never).flatMap((pod) => containersOf(pod).map(({ container }) => [container.name as string, container])));
}

/** `image 2.7.3 → 2.8.0` when only the tag moved, the whole reference otherwise; the container named when it is not the service. */
function imageLines(change: ObjectChange): string[] {
  const [before, after] = [containers(change.before!), containers(change.after!)];
  return [...after].flatMap(([name, container]) => {
    const old = before.get(name)?.image as string | undefined;
    const now = container.image as string;
    if (old === undefined || old === now) return [];
    const [oldRepository, oldTag] = splitImage(old);
    const [repository, tag] = splitImage(now);
    const shown = oldRepository === repository ? `${oldTag} → ${tag}` : `${old} → ${now}`;
    return [`image${name === change.service ? "" : ` (${name})`} ${shown}`];
  });
}

/** Repository and tag (or digest) of an image reference; a registry's port is not a tag. */
function splitImage(image: string): [string, string] {
  const digest = image.indexOf("@");
  if (digest >= 0) return [image.slice(0, digest), image.slice(digest + 1)];
  const colon = image.lastIndexOf(":");
  return colon > image.lastIndexOf("/") ? [image.slice(0, colon), image.slice(colon + 1)] : [image, "latest"];
}

function replicaLines(change: ObjectChange): string[] {
  const { before, after } = change as Required<ObjectChange>;
  if (change.kind === "HorizontalPodAutoscaler" || change.kind === "ScaledObject") {
    const bounds = (autoscaler: Json) => {
      const { min, max } = autoscalerBounds(autoscaler as KubeObject);
      return `${min}–${max}`;
    };
    return bounds(before) === bounds(after) ? [] : [`autoscaling ${bounds(before)} → ${bounds(after)} replicas`];
  }
  const [old, now] = [before.spec?.replicas, after.spec?.replicas];
  return podSpecsOf(after as never).length > 0 && old !== now && (old !== undefined || now !== undefined) ? [`replicas ${old ?? "unset"} → ${now ?? "unset"}`] : [];
}

function resourceLines(change: ObjectChange): string[] {
  const [before, after] = [containers(change.before!), containers(change.after!)];
  return [...after].flatMap(([name, container]) => {
    const old = before.get(name);
    if (old === undefined) return [];
    const moved = changedPaths(old.resources ?? {}, container.resources ?? {}).filter((path) => path !== "").map((path) => {
      const read = (resources: Json | undefined) => path.split(".").reduce<any>((node, key) => node?.[key], resources) ?? "unset";
      return `${path} ${read(old.resources)} → ${read(container.resources)}`;
    });
    return moved.length === 0 ? [] : [`resources${name === change.service ? "" : ` (${name})`} ${moved.join(", ")}`];
  });
}

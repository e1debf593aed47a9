// A workload's config files: one ConfigMap holding every container's files, one read-only volume
// of it, a mount per file, and a checksum of the content on the pod template.
//
// Each file is mounted on its own path (subPath), so the rest of its directory stays as the image
// ships it (an nginx.conf does not hide mime.types). A subPath mount never sees a changed
// ConfigMap: the checksum annotation makes a change of content a new pod template, and so a
// rollout, instead.
import { createHash } from "node:crypto";
import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { CONFIG_FILES_VOLUME, type ConfigFileEntry, configFileEntries, configFilesName } from "../../spec/config-file-entries.js";
import type { EnvironmentSpec, ServiceSpec } from "../../spec/index.js";
import type { PodContainer } from "../../spec/workload.js";
import { coreObject } from "../model-object.js";
import { workloadMetadata } from "./workload-metadata.js";

export const CONFIG_FILES_ANNOTATION = "checksum/config-files";
/** Owner and group read: the pod's fsGroup can read, nobody can write. */
const CONFIG_FILE_MODE = 0o444;

export interface ConfigFilesProps {
  readonly environment: EnvironmentSpec;
  /** Name of the workload. */
  readonly name: string;
  readonly service: ServiceSpec;
}

/** The ConfigMap of a workload's config files; renders nothing when it has none. */
export class ConfigFiles extends Construct {
  constructor(scope: Construct, id: string, props: ConfigFilesProps) {
    super(scope, id);
    const { environment, name, service } = props;
    const data = configFilesData(configFileEntries(name, service));
    if (data === undefined) return;
    coreObject(this, "config-map", k8s.KubeConfigMap, {
      metadata: { ...workloadMetadata(name, service, environment), name: configFilesName(name) },
      data,
    });
  }
}

function configFilesData(entries: readonly ConfigFileEntry[]): Record<string, string> | undefined {
  return entries.length === 0 ? undefined : Object.fromEntries(entries.map((entry) => [entry.key, entry.content]));
}

/** The pod's volume of the workload's config files (`entries`: configFileEntries), when it has any. */
export function configFilesVolumes(name: string, entries: readonly ConfigFileEntry[]): k8s.Volume[] {
  if (entries.length === 0) return [];
  return [{ name: CONFIG_FILES_VOLUME, configMap: { name: configFilesName(name), defaultMode: CONFIG_FILE_MODE } }];
}

export function configFileMounts(entries: readonly ConfigFileEntry[], container: PodContainer): k8s.VolumeMount[] {
  return entries.filter((entry) => entry.container === container.name).map((entry) => ({ name: CONFIG_FILES_VOLUME, mountPath: entry.path, subPath: entry.key, readOnly: true }));
}

/** The checksum annotation of the files' content; a change of any file rolls the pods. */
export function configFilesChecksum(entries: readonly ConfigFileEntry[]): Record<string, string> {
  const data = configFilesData(entries);
  return data === undefined ? {} : { [CONFIG_FILES_ANNOTATION]: createHash("sha256").update(JSON.stringify(data)).digest("hex") };
}

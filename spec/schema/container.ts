// What one container declares: image, process, env, ports, resources, probes. A service's main
// container and each of its extra ("big pod") containers share this shape.
import { z } from "zod";
import { absolutePath, dnsLabel, dnsSubdomain, envVarName, int32, portName, portNumber, quantity } from "../formats.js";

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const REPOSITORY = new RegExp(`^(?:[A-Za-z0-9.-]+(?::[0-9]+)?/)?${COMPONENT}(?:/${COMPONENT})*$`);

export const ImageSchema = z
  .strictObject({
    repository: z
      .string()
      .superRefine((repository, ctx) => {
        const lastComponent = repository.slice(repository.lastIndexOf("/") + 1);
        if (repository.includes("@")) {
          ctx.addIssue({ code: "custom", message: `put the digest in image.digest, not in the repository ("${repository}")` });
        } else if (lastComponent.includes(":")) {
          ctx.addIssue({ code: "custom", message: `put the tag in image.tag, not in the repository ("${repository}")` });
        } else if (!REPOSITORY.test(repository)) {
          ctx.addIssue({
            code: "custom",
            message: `"${repository}" is not an image repository: use lower-case path components, optionally after a registry host (e.g. "auth-service" or "ghcr.io/acme/auth-service")`,
          });
        }
      })
      .describe(
        "Image repository. Used as written when its first component is a registry host (contains '.' or ':', or is 'localhost'); otherwise prefixed with platform.registry.",
      ),
    tag: z
      .string()
      .regex(TAG, { error: (issue) => `"${String(issue.input)}" is not a valid image tag (letters, digits, '_', '.', '-'; at most 128)` })
      .refine((tag) => tag !== "latest", {
        error: 'the tag "latest" is not pinned: use a version tag (e.g. "1.4.2") or an image.digest',
      })
      .optional()
      .describe('Image tag, e.g. "1.4.2". "latest" is rejected. At least one of tag and digest is required.'),
    digest: z
      .string()
      .regex(DIGEST, { error: (issue) => `"${String(issue.input)}" is not a digest: use "sha256:" followed by 64 hex digits` })
      .optional()
      .describe('Image digest "sha256:<64 hex>". With a tag too, the reference is repository:tag@digest.'),
  })
  .superRefine((image, ctx) => {
    if (image.tag === undefined && image.digest === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["tag"],
        message: 'the image is not pinned: set image.tag (e.g. "1.4.2") or image.digest ("sha256:…")',
      });
    }
  })
  .meta({ id: "Image", description: "Container image, pinned by tag or digest." });

export const PortSchema = z
  .strictObject({
    name: portName.describe("Port name (IANA service name: at most 15 characters, lower-case, DNS-style). Unique within the pod."),
    port: portNumber.describe("Port the Kubernetes Service exposes."),
    containerPort: portNumber
      .optional()
      .describe("Port the container listens on. @default the value of `port`. Network policies use this port, not the Service port."),
    protocol: z
      .enum(["http", "grpc", "tcp"])
      .default("http")
      .describe("Application protocol; sets the Service's appProtocol (which Istio uses to pick its protocol handling)."),
    internal: z
      .boolean()
      .default(false)
      .describe("A port only the pod's own containers use, over localhost (a big pod's inner app behind its nginx): declared on the container and probed, but in no Service, NetworkPolicy or AuthorizationPolicy, and no caller may name it."),
  })
  .transform((port) => ({ ...port, containerPort: port.containerPort ?? port.port }))
  .meta({ id: "Port", description: "A port the container serves." });

const portReference = z.union([portName, portNumber]);

export const ProbeSchema = z
  .strictObject({
    http: z
      .strictObject({
        path: z.string().startsWith("/", { error: 'an HTTP probe path must start with "/" (e.g. "/healthz")' }).describe("Request path."),
        port: portReference.optional().describe("Port name or number. @default the container's first http port."),
      })
      .optional()
      .describe("HTTP GET probe."),
    tcp: z
      .strictObject({ port: portReference.optional().describe("Port name or number. @default the container's first port.") })
      .optional()
      .describe("TCP socket probe."),
    grpc: z
      .strictObject({
        port: portReference.optional().describe("Port name or number. @default the container's first grpc port."),
        service: z.string().optional().describe("gRPC health service name."),
      })
      .optional()
      .describe("gRPC health-checking probe."),
    exec: z
      .strictObject({ command: z.array(z.string()).min(1, { error: "an exec probe needs a command, e.g. [pg_isready, -U, postgres]" }).describe("Command run in the container; exit 0 is healthy. Not run through a shell.") })
      .optional()
      .describe("Exec probe: runs a command in the container (needs no port)."),
    initialDelaySeconds: int32().min(0).default(0).describe("Seconds after start before the first probe."),
    periodSeconds: int32().min(1).default(10).describe("Seconds between probes."),
    timeoutSeconds: int32().min(1).default(1).describe("Seconds before a probe times out."),
    failureThreshold: int32().min(1).default(3).describe("Consecutive failures that count as failed."),
    successThreshold: int32().min(1).default(1).describe("Must be 1 for liveness and startup probes."),
  })
  .superRefine((probe, ctx) => {
    const kinds = (["http", "tcp", "grpc", "exec"] as const).filter((kind) => probe[kind] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          kinds.length === 0
            ? 'a probe needs exactly one of http, tcp, grpc or exec (e.g. { http: { path: "/healthz" } })'
            : `a probe takes exactly one of http, tcp, grpc or exec; this one sets ${kinds.join(" and ")}`,
      });
    }
  })
  .meta({ id: "Probe", description: "A health probe: exactly one of http, tcp, grpc or exec, plus timing." });

export const ProbesSchema = z
  .strictObject({
    readiness: ProbeSchema.optional().describe("Readiness probe. Required for a container that declares ports."),
    liveness: ProbeSchema.optional().describe("Liveness probe. Required for a container that declares ports."),
    startup: ProbeSchema.optional().describe("Startup probe, for slow starters (liveness waits until it passes)."),
  })
  .describe("Health probes.");

const cpu = quantity.describe('CPU, e.g. "250m" or "1".');
const memory = quantity.describe('Memory, e.g. "256Mi" or "1Gi".');

export const LifecycleSchema = z
  .strictObject({
    preStop: z
      .strictObject({
        exec: z
          .strictObject({ command: z.array(z.string()).min(1, { error: 'a preStop hook needs a command, e.g. ["/bin/sh", "-c", "sleep 5"]' }).describe("Command run in the container before it gets SIGTERM (not through a shell).") })
          .describe("Run a command."),
      })
      .optional()
      .describe("Hook run before the container is stopped (e.g. a short wait, so endpoints drop the pod first); its time counts against terminationGracePeriodSeconds."),
  })
  .meta({ id: "Lifecycle", description: "Container lifecycle hooks." });

export const ResourcesSchema = z
  .strictObject({
    requests: z
      .strictObject({
        cpu: cpu.default("100m"),
        memory: memory.default("128Mi"),
      })
      .prefault({})
      .describe("Requests; always rendered."),
    limits: z
      .strictObject({
        cpu: cpu.optional().describe("CPU limit. @default none (CPU limits throttle; set one only when you mean it)."),
        memory: memory.optional().describe("Memory limit. @default resources.requests.memory (memory is not compressible)."),
      })
      .prefault({})
      .describe("Limits; memory always rendered."),
  })
  .transform((resources) => ({
    requests: resources.requests,
    limits: {
      ...(resources.limits.cpu === undefined ? {} : { cpu: resources.limits.cpu }),
      memory: resources.limits.memory ?? resources.requests.memory,
    },
  }))
  .meta({ id: "Resources", description: "Compute resources." });

export const SecretRefSchema = z
  .strictObject({
    name: dnsSubdomain.describe("Name of the reference, unique in the workload: the key in the workload's Secret (store references) and the file name under mountPath (e.g. db-password)."),
    key: z.string().min(1).describe('Path of the secret in the store, e.g. "auth-service/database"; with existingSecret, the key in that Secret.'),
    property: z.string().min(1).optional().describe('Field within that secret, e.g. "password". @default the whole value. Not with existingSecret.'),
    existingSecret: dnsSubdomain
      .optional()
      .describe("Name of a Secret that already exists in the workload's namespace (made by Sealed Secrets, an operator, or by hand): read `key` from it instead of a store. slipway renders no Secret or ExternalSecret for it. @default read from the secret store."),
    env: envVarName.optional().describe("Expose the value as this environment variable."),
    mountPath: absolutePath.optional().describe("Mount the value read-only as the file <mountPath>/<name>."),
  })
  .superRefine((reference, ctx) => {
    if (reference.existingSecret !== undefined && reference.property !== undefined) {
      ctx.addIssue({ code: "custom", path: ["property"], message: "an existing Secret has keys, not properties: name the key in `key` and drop `property`" });
    }
  })
  .meta({
    id: "SecretRef",
    description: "A reference to a secret, in the environment's secret store (through External Secrets) or in an existing Secret; values never enter the spec or the output.",
  });

export const ConfigFileSchema = z
  .union([
    z.string().describe("The file's content, inline."),
    z
      .strictObject({
        file: z.string().describe("Path of a file to read, relative to the config directory (the directory of a single-file config); it may not leave it."),
      })
      .describe("The content of a file in the config directory, read when the config is loaded.")
      // The loader replaces every { file } with its text (config-files.ts); one left here was not read.
      .transform((reference, ctx): string => {
        ctx.addIssue({ code: "custom", message: `${reference.file} was not read: config files are read when a config is loaded from disk` });
        return "";
      }),
  ])
  .describe("A config file's content: inline text, or { file } read from the config directory. Text only (UTF-8, no NUL), at most 1 MiB per workload.");

/** Fields every container has, main or extra. */
export const containerFields = {
  image: ImageSchema,
  command: z.array(z.string()).optional().describe("Entrypoint override (the image's ENTRYPOINT when unset)."),
  args: z.array(z.string()).optional().describe("Arguments (the image's CMD when unset)."),
  env: z
    .record(
      envVarName,
      z.string({ error: 'environment variable values must be strings: quote the value (e.g. "8080", "true")' }),
    )
    .default({})
    .describe("Plain environment variables, in declaration order. Secrets never go here."),
  ports: z.array(PortSchema).default([]).describe("Ports the container serves."),
  secrets: z.array(SecretRefSchema).default([]).describe("Secrets the container reads, as references (env and/or a read-only file)."),
  resources: ResourcesSchema.prefault({}),
  probes: ProbesSchema.prefault({}),
  lifecycle: LifecycleSchema.optional(),
  files: z
    .record(absolutePath, ConfigFileSchema)
    .default({})
    .describe(
      'Config files mounted read-only into the container, keyed by absolute path (e.g. "/etc/nginx/nginx.conf"). One ConfigMap per workload holds them; each is mounted on its own path (subPath), so the rest of its directory stays as the image ships it; a change of content rolls the pods.',
    ),
  writablePaths: z
    .array(absolutePath)
    .default([])
    .describe('Directories that get a writable emptyDir (the root filesystem is read-only), e.g. ["/tmp"].'),
};

export const ContainerSchema = z.strictObject(containerFields).meta({ id: "Container", description: "An extra container in the service's pod." });

export const InitContainerSchema = z
  .strictObject({
    name: dnsLabel.describe("Container name, unique in the pod."),
    ...containerFields,
    restartPolicy: z
      .literal("Always")
      .optional()
      .describe("Always makes it a native sidecar (Kubernetes 1.29+): started before the containers and kept running beside them; it may then serve ports and have probes. @default a plain init container, run to completion before the next."),
  })
  .meta({ id: "InitContainer", description: "A container run before the pod's containers, in list order (or a native sidecar)." });

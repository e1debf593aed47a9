// Field formats shared by the spec schemas. Each carries the message a user sees, so it says what
// would be valid, not only what is wrong.
import { z } from "zod";
import { cronProblem, isTimeZone } from "./cron.js";
import { PROTOTYPE_KEYS } from "./input-limits.js";
import { isQuantity } from "./quantity.js";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** RFC 1123 label: Kubernetes names of namespaces, services, containers. */
export const dnsLabel = z
  .string()
  .max(63, { error: "must be at most 63 characters (a DNS-1123 label)" })
  .regex(DNS_LABEL, {
    error: (issue) =>
      `"${String(issue.input)}" is not a DNS-1123 label: use lower-case letters, digits and '-', starting and ending with a letter or digit (e.g. "auth-service")`,
  });

/**
 * The name of a declared thing that keys a map (a service, namespace, container, secret store,
 * environment): a DNS label that is not a property every JavaScript object has.
 */
export const nameKey = dnsLabel.refine((name) => !PROTOTYPE_KEYS.has(name), {
  error: (issue) => `"${String(issue.input)}" is reserved: every JavaScript object has a property of that name, so slipway cannot tell it from an undeclared one; choose another name`,
});

/**
 * A map keyed by name, parsed into an object without a prototype: looking up any name (a
 * dependency, a namespace key) finds only what was declared.
 */
export function namedRecord<T extends z.ZodType>(value: T) {
  return z.record(nameKey, value).transform((record) => Object.assign(Object.create(null) as Record<string, z.output<T>>, record));
}

/** RFC 1123 subdomain: host names, cluster names. */
export const dnsSubdomain = z
  .string()
  .max(253, { error: "must be at most 253 characters (a DNS-1123 subdomain)" })
  .regex(DNS_SUBDOMAIN, {
    error: (issue) =>
      `"${String(issue.input)}" is not a DNS-1123 subdomain: use lower-case labels separated by dots (e.g. "api.example.com")`,
  });

/** A Kubernetes label value (may be empty). */
export const labelValue = z
  .string()
  .max(63, { error: "a label value must be at most 63 characters" })
  .regex(LABEL_VALUE, {
    error: (issue) =>
      `"${String(issue.input)}" is not a valid label value: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
  });

/** A Kubernetes label key: optional DNS-subdomain prefix, '/', a name of at most 63 characters. */
export const labelKey = z.string().refine(isLabelKey, {
  error: (issue) =>
    `"${String(issue.input)}" is not a valid label key: use "name" or "prefix.example.com/name" (name: at most 63 letters, digits, '-', '_', '.')`,
});

export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return false;
  return name.length <= 63 && LABEL_KEY_NAME.test(name);
}

export const labels = z.record(labelKey, labelValue);

/** Lower-case letters, digits and single '-', at least one letter: the shape of IANA_SVC_NAME. */
const dnsStylePortName = (name: string) => PORT_NAME.test(name) && !name.includes("--") && /[a-z]/.test(name);

/** Whether a name is an IANA_SVC_NAME, as a container port or a Service's targetPort may be named. */
export function isPortName(name: string): boolean {
  return name.length <= 15 && dnsStylePortName(name);
}

/** IANA_SVC_NAME, the rule for container and Service port names. */
export const portName = z.string().superRefine((name, ctx) => {
  if (name.length > 15) {
    ctx.addIssue({
      code: "custom",
      message: `port name "${name}" is ${name.length} characters; Kubernetes allows at most 15 (e.g. "http", "grpc", "metrics")`,
    });
  } else if (!dnsStylePortName(name)) {
    ctx.addIssue({
      code: "custom",
      message: `port name "${name}" is not DNS-style: use lower-case letters, digits and single '-', with at least one letter (e.g. "http-admin")`,
    });
  }
});

export const envVarName = z.string().regex(ENV_VAR_NAME, {
  error: (issue) =>
    `"${String(issue.input)}" is not a valid environment variable name: use letters, digits, '_', '-' and '.', not starting with a digit`,
});

/** A Kubernetes resource quantity such as "250m", "1", "512Mi", "2Gi". */
export const quantity = z.string().refine(isQuantity, {
  error: (issue) =>
    `"${String(issue.input)}" is not a Kubernetes quantity: use millicores like "500m" or "1" for cpu, binary suffixes like "512Mi" or "2Gi" for memory`,
});

export const INT32_MAX = 2_147_483_647;

/** An integer field Kubernetes keeps in 32 bits; a field's own range is added with min and max. */
export const int32 = (error = "must be an integer") =>
  z.number().int({ error }).max(INT32_MAX, { error: `must be at most ${INT32_MAX}: Kubernetes keeps this field in a 32-bit integer` });

/** A storage size: a quantity of bytes, e.g. "10Gi". */
export const storageSize = z.string().refine(isQuantity, {
  error: (issue) => `"${String(issue.input)}" is not a size Kubernetes reads: use a binary suffix, e.g. "512Mi", "10Gi" or "1Ti" ("GB" is not a suffix)`,
});

export const portNumber = z
  .number()
  .int({ error: "a port must be an integer" })
  .min(1, { error: "a port must be between 1 and 65535" })
  .max(65535, { error: "a port must be between 1 and 65535" });

export const absolutePath = z
  .string()
  .regex(/^\/[^\0]*$/, { error: (issue) => `"${String(issue.input)}" must be an absolute path starting with "/"` });

/** Durations in the Go/Prometheus style: "30s", "5m", "1h30m". */
export const duration = z.string().regex(/^([0-9]+(ms|s|m|h|d))+$/, {
  error: (issue) => `"${String(issue.input)}" is not a duration: use a number with a unit, e.g. "30s", "5m", "1h"`,
});

export const percent = (what: string) =>
  z
    .number()
    .gt(0, { error: `${what} must be greater than 0 (a percentage)` })
    .lt(100, { error: `${what} must be less than 100 (a percentage, e.g. 99.9)` });

/** Durations of an Argo CD sync window (Go's hours, minutes and seconds): "1h", "60h", "90m". */
export const windowDuration = z.string().regex(/^([0-9]+(h|m|s))+$/, {
  error: (issue) => `"${String(issue.input)}" is not an Argo CD window duration: use hours, minutes or seconds, e.g. "1h", "60h", "90m"`,
});

/** Durations Istio accepts (Go syntax without days): "500ms", "5s", "1m30s". */
export const istioDuration = z.string().regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, {
  error: (issue) => `"${String(issue.input)}" is not an Istio duration: use a number with ms, s, m or h, e.g. "500ms", "15s", "1m"`,
});

/** Milliseconds in a duration of any of these syntaxes (Istio's, Go's, Prometheus's with its weeks and years). */
export function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
  let total = 0;
  for (const [, value, unit] of text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w|y)/g)) total += Number(value) * units[unit!]!;
  return total;
}

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-fA-F:]+\/(12[0-8]|1[01]\d|[1-9]?\d)$/;

export const cidr = z.string().refine((text) => IPV4_CIDR.test(text) || (text.includes(":") && IPV6_CIDR.test(text)), {
  error: (issue) => `"${String(issue.input)}" is not a CIDR block: use e.g. "203.0.113.0/24" or "2001:db8::/32"`,
});

/** A host name, optionally a wildcard ("*.example.com"). */
export const hostName = z
  .string()
  .max(253)
  .regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
    error: (issue) => `"${String(issue.input)}" is not a host name: use lower-case DNS labels separated by dots, optionally starting with "*." (e.g. "api.stripe.com")`,
  });

/**
 * Why `name` is not a branch name git accepts (the rules of `git check-ref-format --branch`), or
 * undefined. A full ref such as "refs/heads/main" is refused too: it would name the branch
 * refs/heads/refs/heads/main.
 */
export function branchNameProblem(name: string): string | undefined {
  if (name === "") return "is empty";
  if (/^refs\//.test(name)) return `is a full ref: name the branch without "refs/heads/" (e.g. "${name.replace(/^refs\/(heads\/)?/, "") || "main"}")`;
  if (name === "HEAD" || name === "@") return `is reserved by git`;
  if (name.startsWith("-")) return `starts with "-"`;
  const forbidden = /[\x00-\x20\x7f~^:?*[\\]/.exec(name);
  if (forbidden !== null) return `contains ${JSON.stringify(forbidden[0])}, which git does not allow in a ref`;
  if (name.includes("..")) return 'contains ".."';
  if (name.includes("@{")) return 'contains "@{"';
  if (name.startsWith("/") || name.endsWith("/") || name.includes("//")) return 'starts or ends with "/", or holds "//"';
  if (name.endsWith(".")) return 'ends with "."';
  if (name.split("/").some((part) => part.startsWith(".") || part.endsWith(".lock"))) return 'has a part starting with "." or ending with ".lock"';
  return undefined;
}

export const branchName = z.string().superRefine((name, ctx) => {
  const problem = branchNameProblem(name);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: `"${name}" is not a git branch name: it ${problem}` });
});

/** An IANA time zone name, as a CronJob's timeZone or an Argo CD sync window's takes it. */
export const timeZone = z.string().refine(isTimeZone, { error: (issue) => `"${String(issue.input)}" is not an IANA time zone: use e.g. "Europe/Paris" or "UTC"` });

/** A cron schedule as Kubernetes and Velero read it (five fields, or a descriptor such as @daily). */
export const cronSchedule = z.string().superRefine((text, ctx) => {
  const problem = cronProblem(text);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: `"${text}" is not a cron schedule: ${problem}` });
});

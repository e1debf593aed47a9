// Config files (`files:` on a container): read from the config directory or given inline, held in
// one ConfigMap per workload, mounted per file, and rolled out by a checksum of their content.
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CONFIG_FILES_ANNOTATION } from "../../constructs/workload/config-files.js";
import type { KubeObject } from "../../constructs/synth.js";
import { CONFIG_MAP_BYTES } from "../../spec/config-files.js";
import { runCli } from "../support/cli.js";
import { fingerprint, readTree, temporaryDirectory } from "../support/files.js";
import { baseConfig, findObject, renderInline, specErrors } from "../support/inline.js";

type Json = Record<string, any>;
const FIXTURE = "test/fixtures/config-files";
const pod = (objects: readonly KubeObject[]) => (findObject(objects, "Deployment", "booking").spec as Json).template;

/** The fixture config copied to a fresh directory, with its files changed by `change`. */
async function fixtureCopy(change: (directory: string) => Promise<void> = async () => {}): Promise<string> {
  const directory = join(await temporaryDirectory(), "config");
  await cp(FIXTURE, directory, { recursive: true });
  await change(directory);
  return directory;
}

async function render(config: string): Promise<Map<string, string>> {
  const out = join(await temporaryDirectory(), "dist");
  const run = await runCli("synth", "--config", config, "--outdir", out);
  expect(run.code, run.stderr).toBe(0);
  return readTree(out);
}

/** Synth into a directory holding a good render: exit 1, each error shown, nothing changed. */
async function expectRefused(config: string, errors: readonly string[]): Promise<void> {
  const out = join(await temporaryDirectory(), "dist");
  expect((await runCli("synth", "--config", FIXTURE, "--outdir", out)).code).toBe(0);
  const before = await fingerprint(out);
  const run = await runCli("synth", "--config", config, "--outdir", out);
  expect(run.code, run.stderr).toBe(1);
  for (const error of errors) expect(run.stderr).toContain(error);
  expect(run.stderr).toContain("nothing was written");
  expect(await fingerprint(out)).toBe(before);
}

describe("config files read from the config directory", () => {
  let rendered: Map<string, string>;
  beforeAll(async () => {
    rendered = await render(FIXTURE);
  });

  it("land in one ConfigMap per workload, a key per container and path, as the file holds them", async () => {
    const configMap = rendered.get("dev/travel-dev/configmap-booking-files.yaml")!;
    expect(configMap).toContain("nginx.etc_nginx_nginx.conf: |");
    expect(configMap).toContain("booking.etc_booking_app.toml: |");
    const nginxConf = await readFile(join(FIXTURE, "nginx/nginx.conf"), "utf8");
    expect(configMap).toContain(nginxConf.split("\n")[0]);
  });

  it("a change of one file changes that file's data and the checksum, and nothing else", async () => {
    const changed = await render(await fixtureCopy((directory) => writeFile(join(directory, "nginx/nginx.conf"), "worker_processes 2;\n", { flag: "a" })));
    const differing = [...rendered.keys()].filter((path) => rendered.get(path) !== changed.get(path));
    expect(differing.sort()).toEqual(["dev/travel-dev/configmap-booking-files.yaml", "dev/travel-dev/deployment-booking.yaml"]);
    const lines = (text: string) => text.split("\n");
    const changedLines = (path: string) => lines(changed.get(path)!).filter((line) => !lines(rendered.get(path)!).includes(line));
    expect(changedLines("dev/travel-dev/deployment-booking.yaml")).toEqual([expect.stringMatching(new RegExp(`^ +${CONFIG_FILES_ANNOTATION}: [0-9a-f]{64}$`))]);
    expect(changedLines("dev/travel-dev/configmap-booking-files.yaml")).toEqual(["    worker_processes 2;"]);
  });

  it("an environment may point a path at another file; the error for a missing one names that environment's file", async () => {
    const config = await fixtureCopy(async (directory) => {
      await writeFile(join(directory, "nginx/dev.conf"), "worker_processes 1; # dev\n");
      await writeFile(join(directory, "dev.yaml"), 'namespaces: { travel: { name: travel-dev } }\nservices:\n  booking:\n    containers:\n      nginx:\n        files:\n          /etc/nginx/nginx.conf: { file: nginx/dev.conf }\n');
    });
    expect((await render(config)).get("dev/travel-dev/configmap-booking-files.yaml")).toContain("worker_processes 1; # dev");
    await writeFile(join(config, "dev.yaml"), 'namespaces: { travel: { name: travel-dev } }\nservices:\n  booking:\n    containers:\n      nginx:\n        files:\n          /etc/nginx/nginx.conf: { file: nginx/gone.conf }\n');
    await expectRefused(config, [`${join(config, "dev.yaml")}: services.booking.containers.nginx.files["/etc/nginx/nginx.conf"].file: nginx/gone.conf does not exist in the config directory`]);
  });

  const refusals: [string, (directory: string) => Promise<void>, string][] = [
    ["a binary file", (directory) => writeFile(join(directory, "nginx/nginx.conf"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01])), "nginx/nginx.conf holds a NUL byte: it is binary"],
    ["a file that is not UTF-8", (directory) => writeFile(join(directory, "nginx/nginx.conf"), Buffer.from([0x68, 0x69, 0xff, 0x0a])), "nginx/nginx.conf is not UTF-8: byte 0xFF at offset 2 (line 1)"],
    ["a file over a ConfigMap's limit", (directory) => writeFile(join(directory, "nginx/nginx.conf"), "#".repeat(CONFIG_MAP_BYTES + 1)), "nginx/nginx.conf is 1 MiB or more; a config file may hold at most 1 MiB (a ConfigMap's limit)"],
    ["a path out of the config directory", (directory) => replaceIn(join(directory, "platform.yaml"), "{ file: nginx/nginx.conf }", "{ file: ../nginx.conf }"), '"../nginx.conf" leaves the config directory'],
    ["an absolute path", (directory) => replaceIn(join(directory, "platform.yaml"), "{ file: nginx/nginx.conf }", "{ file: /etc/passwd }"), '"/etc/passwd" is absolute: name the file relative to the config directory'],
  ];
  it.each(refusals)("%s is refused at the field naming it, nothing written", async (_name, change, message) => {
    const config = await fixtureCopy(change);
    await expectRefused(config, [`${join(config, "platform.yaml")}: services.booking.containers.nginx.files["/etc/nginx/nginx.conf"].file: ${message}`]);
  });
});

async function replaceIn(file: string, from: string, to: string): Promise<void> {
  await writeFile(file, (await readFile(file, "utf8")).replace(from, to));
}

describe("config files in the pod", () => {
  const web = {
    image: { repository: "web", tag: "1.0.0" },
    ports: [{ name: "http", port: 8080 }],
    probes: { readiness: { http: { path: "/ready" } }, liveness: { http: { path: "/healthz" } } },
    files: { "/etc/web/app.yaml": "mode: strict\n", "/etc/web/extra.yaml": "extra: true\n" },
    containers: { proxy: { image: { repository: "proxy", tag: "1.0.0" }, files: { "/etc/web/app.yaml": "proxy: yes\n" } } },
  };
  const objects = renderInline(baseConfig({ booking: web }), "dev");

  it("each file is mounted read-only on its own path from the one volume, so its directory keeps the image's other files", () => {
    const template = pod(objects);
    expect(template.spec.volumes).toContainEqual({ name: "config-files", configMap: { name: "booking-files", defaultMode: 0o444 } });
    const mounts = (container: number) => template.spec.containers[container].volumeMounts.filter((mount: Json) => mount.name === "config-files");
    expect(mounts(0)).toEqual([
      { name: "config-files", mountPath: "/etc/web/app.yaml", subPath: "booking.etc_web_app.yaml", readOnly: true },
      { name: "config-files", mountPath: "/etc/web/extra.yaml", subPath: "booking.etc_web_extra.yaml", readOnly: true },
    ]);
    expect(mounts(1)).toEqual([{ name: "config-files", mountPath: "/etc/web/app.yaml", subPath: "proxy.etc_web_app.yaml", readOnly: true }]);
    expect(findObject(objects, "ConfigMap", "booking-files").data).toEqual({
      "booking.etc_web_app.yaml": "mode: strict\n",
      "booking.etc_web_extra.yaml": "extra: true\n",
      "proxy.etc_web_app.yaml": "proxy: yes\n",
    });
  });

  it("a workload without files gets no ConfigMap, volume or checksum", () => {
    const plain = renderInline(baseConfig({ booking: { ...web, files: {}, containers: {} } }), "dev");
    expect(plain.some((object) => object.kind === "ConfigMap" && object.metadata.name === "booking-files")).toBe(false);
    expect(pod(plain).metadata.annotations[CONFIG_FILES_ANNOTATION]).toBeUndefined();
    expect(pod(plain).spec.volumes).toBeUndefined();
  });

  it.each([
    ["a path that is already a writable directory", { writablePaths: ["/etc/web/app.yaml"] }, 'services.booking.files["/etc/web/app.yaml"]: /etc/web/app.yaml is already a writable path\'s mount'],
    ["a path inside a secret's read-only directory", { secrets: [{ name: "token", key: "web/token", mountPath: "/etc/web" }] }, "lies inside secret token's directory (/etc/web), which is read-only"],
    ["a directory", { files: { "/etc/web/": "x" } }, 'services.booking.files["/etc/web/"]: "/etc/web/" names a directory'],
    ["two paths with one ConfigMap key", { files: { "/etc/a b": "1", "/etc/a_b": "2" } }, 'its ConfigMap key "booking.etc_a_b" is also /etc/a b\'s'],
    ["a NUL character inline", { files: { "/etc/web/app.bin": "\u0000ELF" } }, "holds a NUL character: it is binary"],
    ["more than a ConfigMap holds", { files: { "/etc/a": "#".repeat(600_000), "/etc/b": "#".repeat(600_000) } }, "services.booking.files: the workload's config files take 1.1 MiB, more than the 1 MiB one ConfigMap (booking-files) holds"],
    ["a writable path named like the config files' volume", { writablePaths: ["/config/files"] }, 'its volume name "config-files" clashes with the one for the config files'],
    ["a { file } that no loader read", { files: { "/etc/web/app.yaml": { file: "app.yaml" } } }, "app.yaml was not read"],
  ])("%s is an error", (_name, change, message) => {
    expect(specErrors(baseConfig({ booking: { ...web, containers: {}, ...change } as never })).join("\n")).toContain(message);
  });
});

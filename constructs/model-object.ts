// Every object slipway renders is built as plain Kubernetes JSON up front — core kinds typed by the
// cdk8s-plus imported classes' props, custom resources by their @kubernetes-models interface — and
// added to the chart as a PlainApiObject.
import { ApiObject, type ApiObjectMetadataDefinition, type JsonPatch } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import type { Construct } from "constructs";

interface TypedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: object;
}

/** One of cdk8s-plus's imported core classes (k8s.KubeDeployment, …): its kind, and its props' type. */
interface CoreKind<Props> {
  readonly GVK: { readonly apiVersion: string; readonly kind: string };
  manifest(props: Props): TypedObject;
}

/**
 * An ApiObject whose body is already Kubernetes JSON. cdk8s's ApiObject.toJson walks every value
 * through its resolvers, which only matters for tokens (Lazy, IntOrString); slipway's bodies hold
 * none, so toJson copies the body once instead, dropping null and undefined as cdk8s does,
 * unwrapping Quantity and IntOrString, and refusing anything else that is not plain data.
 * Metadata keeps cdk8s's definition (labels and annotations can still be added later, e.g. sync
 * waves) and is written as its toJson would write it, empty values dropped, without the resolver
 * walk (test/constructs/model-object.test.ts holds the two equal over every object slipway renders).
 */
export class PlainApiObject extends ApiObject {
  private readonly body: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, object: TypedObject) {
    super(scope, id, object as unknown as ConstructorParameters<typeof ApiObject>[2]);
    const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...body } = object as TypedObject & Record<string, unknown>;
    this.body = body;
  }

  override toJson(): any {
    return { apiVersion: this.apiVersion, kind: this.kind, metadata: metadataJson(this.metadata, this.node.path), ...plainCopy(this.body, this.node.path) };
  }

  /** Not supported: the body is final when the object is created. */
  override addJsonPatch(..._ops: JsonPatch[]): void {
    throw new Error(`${this.node.path}: slipway objects are plain JSON; set the field when creating the object instead of patching it`);
  }
}

/** A custom resource typed by its @kubernetes-models interface. */
export function modelObject<T extends TypedObject>(scope: Construct, id: string, object: T): ApiObject {
  return new PlainApiObject(scope, id, object);
}

/**
 * A core object from its typed cdk8s-plus props, e.g. coreObject(this, "hpa",
 * k8s.KubeHorizontalPodAutoscalerV2, props). The props are the body as they are, Quantity and
 * IntOrString unwrapped when copied: the same JSON as the class's manifest(), whose generated
 * conversion rebuilds every object once per field it sets (a twentieth of a large render). The
 * two differ only for the few fields the bindings rename (clusterIp → clusterIP and the like),
 * which slipway does not set; one set would fail the strict schema as an unknown field.
 */
export function coreObject<Props>(scope: Construct, id: string, kind: CoreKind<Props>, props: Props): ApiObject {
  return new PlainApiObject(scope, id, { ...kind.GVK, ...(props as object) });
}

/** The fields ApiObjectMetadataDefinition.toJson writes (TypeScript-private in cdk8s, plain properties at run time). */
interface MetadataFields {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly finalizers: string[];
  readonly ownerReferences: object[];
  readonly _additionalAttributes: Record<string, unknown>;
}

/** What metadata.toJson() returns for plain metadata: the same fields, null, undefined and empty arrays and objects dropped. */
export function metadataJson(metadata: ApiObjectMetadataDefinition, path: string): Record<string, unknown> {
  const { name, namespace, labels, annotations, finalizers, ownerReferences, _additionalAttributes } = metadata as unknown as MetadataFields;
  return (compactCopy({ ..._additionalAttributes, name, namespace, annotations, finalizers, ownerReferences, labels }, path) ?? {}) as Record<string, unknown>;
}

function compactCopy(value: unknown, path: string): unknown {
  if (value === null || value === undefined || typeof value !== "object") return value ?? undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((item) => compactCopy(item, path));
  const copy = plainCopy(value as Record<string, unknown>, path, compactCopy);
  for (const _ in copy) return copy;
  return undefined;
}

function plainCopy(value: Record<string, unknown>, path: string, copyItem: (value: unknown, path: string) => unknown = copyValue): Record<string, unknown> {
  assertPlain(value, path);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyItem(value[key], path);
    if (item !== undefined) copy[key] = item;
  }
  return copy;
}

function copyValue(value: unknown, path: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => copyValue(item, path));
  if (value instanceof k8s.Quantity || value instanceof k8s.IntOrString) return value.value;
  return plainCopy(value as Record<string, unknown>, path);
}

function assertPlain(value: object, path: string): void {
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new Error(`${path}: cannot render an object of type ${value.constructor?.name ?? "unknown"}; pass plain JSON (k8s.Quantity and k8s.IntOrString are unwrapped, nothing else)`);
  }
}

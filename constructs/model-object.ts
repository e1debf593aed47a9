// Custom resources typed by their @kubernetes-models interface, added to the chart as ApiObjects.
import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";

interface TypedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: object;
}

export function modelObject<T extends TypedObject>(scope: Construct, id: string, object: T): ApiObject {
  return new ApiObject(scope, id, object as unknown as ConstructorParameters<typeof ApiObject>[2]);
}

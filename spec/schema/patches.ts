// Last-mile changes to rendered objects, per environment: a JSON patch (RFC 6902) or a JSON merge
// patch (RFC 7386) of one object, applied after construction and before validation.
import { z } from "zod";

const pointer = z
  .string()
  .regex(/^(\/([^~]|~[01])*)*$/, { error: (issue) => `"${String(issue.input)}" is not a JSON pointer: start with "/" and escape "~" as "~0" and "/" as "~1" (e.g. "/metadata/annotations/example.com~1owner")` });

const path = pointer.describe('JSON pointer of the field operated on, e.g. "/metadata/annotations/example.com~1owner".');
const from = pointer.describe("JSON pointer of the field moved or copied.");
const value = z.unknown().describe("The value added, put in place, or compared.");
const op = <T extends string>(name: T, what: string) => z.literal(name).describe(what);

const JsonPatchOperationSchema = z.discriminatedUnion("op", [
  z.strictObject({ op: op("add", "Add the value (into a list at the index, or at its end with \"-\")."), path, value }),
  z.strictObject({ op: op("replace", "Replace the existing value."), path, value }),
  z.strictObject({ op: op("test", "Fail the patch unless the value is as given."), path, value }),
  z.strictObject({ op: op("remove", "Remove the value."), path }),
  z.strictObject({ op: op("move", "Move the value at from to path."), from, path }),
  z.strictObject({ op: op("copy", "Copy the value at from to path."), from, path }),
]);

export const PatchSchema = z
  .strictObject({
    target: z
      .strictObject({
        kind: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, { error: 'a kind is UpperCamelCase, e.g. "Ingress"' }).describe("Kind of the rendered object."),
        name: z.string().min(1).describe("Its metadata.name."),
        namespace: z.string().min(1).optional().describe("Its metadata.namespace (the Kubernetes name, e.g. shop-dev). @default none: a cluster-scoped object."),
      })
      .describe("The one rendered object the patch changes."),
    jsonPatch: z.array(JsonPatchOperationSchema).min(1).optional().describe("RFC 6902 operations, applied in order; a failing one (a path that does not exist, a failed test) is an error."),
    mergePatch: z.record(z.string(), z.unknown()).optional().describe("An RFC 7386 merge patch: objects merge, lists and values replace, null removes."),
    reason: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe("Why; required when the patch changes what slipway derives for security (a securityContext, a NetworkPolicy, an AuthorizationPolicy, a PeerAuthentication), and rendered on the object as the slipway.dev/patch-reasons annotation."),
  })
  .superRefine((patch, ctx) => {
    if ((patch.jsonPatch === undefined) === (patch.mergePatch === undefined)) {
      ctx.addIssue({ code: "custom", message: "a patch holds exactly one of jsonPatch (RFC 6902 operations) or mergePatch (an RFC 7386 merge patch)" });
    }
  })
  .meta({ id: "Patch", description: "A change to one rendered object, applied before validation: a patch cannot make an invalid object land." });

export type PatchSpec = z.output<typeof PatchSchema>;

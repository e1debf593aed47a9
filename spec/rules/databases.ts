// Databases run in a declared namespace, read their backup credentials from a store that exists, and
// restore only from a database with a backup, in their namespace, archiving elsewhere.
import { databaseNamespaceKey } from "../database.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import type { FieldIssue } from "../zod-issues.js";

export function databaseRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const namespaces = Object.keys(environment.namespaces);
  for (const [name, database] of Object.entries(environment.databases)) {
    const key = databaseNamespaceKey(name, environment);
    if (key === undefined || !Object.hasOwn(environment.namespaces, key)) {
      issues.push({
        path: ["databases", name, "namespace"],
        message: database.namespace === undefined ? `required: the environment has several namespaces (${namespaces.join(", ")})` : `namespace "${database.namespace}" is not declared in this environment (${namespaces.join(", ")})`,
      });
    }
    if (database.restore !== undefined) {
      const source = Object.hasOwn(environment.databases, database.restore.from) ? environment.databases[database.restore.from] : undefined;
      const at = ["databases", name, "restore", "from"];
      if (database.restore.from === name) issues.push({ path: at, message: "a database cannot restore from itself: declare a new database (e.g. main-restore) that restores from this one" });
      else if (source === undefined) issues.push({ path: at, message: `no database "${database.restore.from}" in the catalog (${Object.keys(environment.databases).join(", ")})` });
      else if (source.backup === undefined) issues.push({ path: at, message: `database "${database.restore.from}" has no backup to restore from: declare its backup` });
      else if (databaseNamespaceKey(database.restore.from, environment) !== databaseNamespaceKey(name, environment)) {
        issues.push({ path: at, message: `database "${database.restore.from}" is in another namespace, where its backup credentials are: restore in the same namespace` });
      } else if (database.backup !== undefined && database.backup.destination === source.backup.destination) {
        issues.push({ path: ["databases", name, "backup", "destination"], message: `${source.backup.destination} holds "${database.restore.from}"'s backups: a restored database archives elsewhere (CloudNativePG refuses a destination that is not empty)` });
      }
    }
    const credentials = database.backup?.credentials;
    if (credentials !== undefined && "accessKeyId" in credentials && environment.defaultSecretStore === undefined && Object.keys(environment.secretStores).length !== 1) {
      issues.push({
        path: ["databases", name, "backup", "credentials"],
        message: Object.keys(environment.secretStores).length === 0 ? "the credentials come from the secret store, and the environment declares no secretStores (or name an existingSecret)" : "required: the environment has several secret stores and no defaultSecretStore",
      });
    }
  }
  return issues;
}

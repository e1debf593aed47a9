// npm run docs: writes docs/spec-reference.md and the editor JSON Schemas in schema/.
import { writeFile } from "node:fs/promises";
import { EDITOR_SCHEMAS, editorSchema, specReference } from "../spec/reference.js";

await writeFile("docs/spec-reference.md", specReference());
for (const [file, schema] of Object.entries(EDITOR_SCHEMAS)) await writeFile(`schema/${file}`, editorSchema(schema));

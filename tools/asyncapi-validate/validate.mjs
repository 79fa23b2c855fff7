// Validates AsyncAPI documents with the official parser (@asyncapi/parser, its default rules).
// Usage: node validate.mjs FILE...   Prints one JSON object per file with its diagnostics by
// severity; exits 1 when any file has an error or a warning.
import { readFile } from "node:fs/promises";
import { Parser, DiagnosticSeverity } from "@asyncapi/parser";

const SEVERITY = {
  [DiagnosticSeverity.Error]: "errors",
  [DiagnosticSeverity.Warning]: "warnings",
  [DiagnosticSeverity.Information]: "infos",
  [DiagnosticSeverity.Hint]: "hints",
};

const parser = new Parser();
let failed = false;
for (const file of process.argv.slice(2)) {
  const { document, diagnostics } = await parser.parse(await readFile(file, "utf8"), { source: file });
  const result = { file, parsed: document !== undefined, errors: [], warnings: [], infos: [], hints: [] };
  for (const d of diagnostics) {
    result[SEVERITY[d.severity]].push({ code: d.code, message: d.message, path: d.path.join("/") });
  }
  failed ||= !result.parsed || result.errors.length > 0 || result.warnings.length > 0;
  console.log(JSON.stringify(result));
}
process.exit(failed ? 1 : 0);

// npm ci && npm run build: writes the page's script and style sheet into the service assets.
import { build } from "esbuild";
import { copyFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const assets = here("../../shared/http/static/asyncapi/");

const withoutParser = {
  name: "without-parser",
  setup(b) {
    b.onResolve({ filter: /^\.\/parser(\.js)?$/ }, (args) =>
      args.importer.includes("/helpers/") ? { path: here("./parser-stub.js") } : undefined,
    );
  },
};

// Parts of the parser read files with Node's built-ins; a page never does.
const noNodeBuiltins = {
  name: "no-node-builtins",
  setup(b) {
    b.onResolve({ filter: /^(fs|util|buffer|path)$/ }, () => ({ path: here("./node-builtins-stub.js") }));
  },
};

// The parser's linter compiles validators with eval when loaded; a page never lints.
const noLinter = {
  name: "no-linter",
  setup(b) {
    b.onResolve({ filter: /^@stoplight\/spectral-core$/ }, () => ({ path: here("./spectral-core-stub.js") }));
  },
};

// jsonc-parser's UMD build (what a require() of it resolves to) loads its parts with a
// dynamic require no bundle can serve; its ES module build is the same code.
const jsoncAsModule = {
  name: "jsonc-as-module",
  setup(b) {
    b.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: here("./node_modules/jsonc-parser/lib/esm/main.js") }));
  },
};

await build({
  entryPoints: [here("./entry.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  platform: "browser",
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "linked",
  plugins: [withoutParser, noNodeBuiltins, jsoncAsModule, noLinter],
  outfile: `${assets}asyncapi-page.js`,
  logLevel: "warning",
});
await copyFile(here("node_modules/@asyncapi/react-component/styles/default.min.css"), `${assets}asyncapi-react.min.css`);

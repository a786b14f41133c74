// Copies the platform's compiled offline engine into the SDK package (sdk/dist/engine/), for its
// `platform-plan` bin: tools/appPlan.js and every module it requires, found by following the relative
// requires from it, at the same paths relative to bin/ so that those requires still resolve. Fails when
// the platform is not compiled yet, or when the engine requires a package the SDK does not declare
// (it would be missing in an app's installation). Run by the SDK's build (sdk/package.json).
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const compiled = path.join(root, "bin");
const target = path.join(root, "sdk", "dist", "engine");
const entry = path.join(compiled, "tools", "appPlan.js");
if (!fs.existsSync(entry)) {
  console.error(`${path.relative(root, entry)} is missing: compile the platform first (npm run build)`);
  process.exit(1);
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, "sdk", "package.json"), "utf8"));
const declared = new Set([
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
]);
const packageOf = (spec) =>
  spec
    .split("/")
    .slice(0, spec.startsWith("@") ? 2 : 1)
    .join("/");

const files = new Set();
const undeclared = new Set();
const visit = (file) => {
  if (files.has(file)) {
    return;
  }
  files.add(file);
  const source = fs.readFileSync(file, "utf8");
  for (const [, spec] of source.matchAll(/require\("([^"]+)"\)/g)) {
    if (spec.startsWith(".")) {
      const base = path.resolve(path.dirname(file), spec);
      const resolved = [`${base}.js`, path.join(base, "index.js"), base].find(
        (f) => fs.existsSync(f) && fs.statSync(f).isFile(),
      );
      if (!resolved) {
        throw new Error(`${path.relative(root, file)} requires ${spec}, which is not compiled`);
      }
      visit(resolved);
    } else if (!builtinModules.includes(spec.replace(/^node:/, "")) && !declared.has(packageOf(spec))) {
      undeclared.add(`${packageOf(spec)} (required by ${path.relative(root, file)})`);
    }
  }
};
visit(entry);
if (undeclared.size > 0) {
  console.error(
    `the engine requires packages sdk/package.json does not declare:\n  ${[...undeclared].join("\n  ")}`,
  );
  process.exit(1);
}

fs.rmSync(target, { recursive: true, force: true });
for (const file of files) {
  const to = path.join(target, path.relative(compiled, file));
  fs.mkdirSync(path.dirname(to), { recursive: true });
  // Without the source map comment: the maps stay behind (the package ships no sources).
  fs.writeFileSync(to, fs.readFileSync(file, "utf8").replace(/\n\/\/# sourceMappingURL=.*\n?$/, "\n"));
}
console.log(`engine: ${files.size} modules into ${path.relative(root, target)}`);

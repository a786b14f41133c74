/**
 * Modules the Pulumi SDK loads with `@pulumi/pulumi` that the offline plan never calls, deferred until first
 * use. Loading them is half the SDK's own load time (0.95 s with them, 0.45 s without, on the bench's
 * machine):
 * - `@npmcli/arborist` (with the npm registry client, git, sigstore: about 800 modules) and
 *   `normalize-package-data` (with the SPDX license lists), which the closure serializer requires to find
 *   the packages a serialized function uses (runtime/closure/codePaths.js);
 * - `typescript`, through the SDK's typescript-shim, which the closure serializer parses functions with;
 * - the Automation API (`@pulumi/pulumi/automation`), which the SDK's index re-exports.
 *
 * Each one's place in `require.cache` holds a stand-in: the first read of one of its properties loads the
 * real module and answers from it, so a program that serializes a function (a Lambda callback) or drives the
 * Automation API gets exactly what it would have got. The SDK reads these modules by property only
 * (`arborist.Arborist`, `ts.createSourceFile`, `automation.LocalWorkspace`; `normalize-package-data` by
 * TypeScript's `__importDefault`, whose `.default` the stand-in answers with the module itself), which is all the stand-in
 * serves. The plan CLI (tools/run.cjs) and the second run's worker install it before the SDK loads; tests
 * run without it, and the plans are the same either way (test/tools/sdkDeferral.test.ts).
 */
import { Module } from "module";
import * as path from "path";

/** Where the SDK resolves each deferred module from: a file of the SDK's that requires it, and the request. */
export const DEFERRED_SDK_MODULES: readonly { from: string; request: string }[] = [
  { from: "@pulumi/pulumi/runtime/closure/codePaths.js", request: "@npmcli/arborist" },
  { from: "@pulumi/pulumi/runtime/closure/codePaths.js", request: "normalize-package-data" },
  { from: "@pulumi/pulumi/typescript-shim.js", request: "typescript" },
  { from: "@pulumi/pulumi/index.js", request: "./automation" },
];

/** The files the deferred modules resolve to, as the SDK would resolve them. */
export function deferredSdkFiles(): string[] {
  return DEFERRED_SDK_MODULES.map(({ from, request }) =>
    require.resolve(request, { paths: [path.dirname(require.resolve(from))] }),
  );
}

/** A stand-in for the module at `file`: loads it on the first read of a property and forwards every read. */
function standIn(file: string): object {
  let real: Record<string | symbol, unknown> | undefined;
  const load = (): Record<string | symbol, unknown> => {
    if (real === undefined) {
      delete require.cache[file];
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is loaded by path, on first use
      real = require(file) as Record<string | symbol, unknown>;
    }
    return real;
  };
  return new Proxy(
    {},
    {
      // `__importStar` (TypeScript's CommonJS interop) passes an ES module through as it is; the stand-in says
      // it is one so that the SDK's `import * as` keeps the stand-in, instead of copying every property (which
      // would load the module at once).
      get: (_, key) =>
        key === "__esModule" ? true : key === "default" ? (load().default ?? load()) : load()[key],
      has: (_, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}

/**
 * Puts the stand-ins in `require.cache`, before the SDK loads (a module already loaded stays as it is).
 * Returns the files deferred.
 */
export function deferUnusedSdkModules(): string[] {
  const deferred: string[] = [];
  for (const file of deferredSdkFiles()) {
    if (require.cache[file] === undefined) {
      const module = new Module(file);
      module.filename = file;
      module.loaded = true;
      module.exports = standIn(file);
      require.cache[file] = module;
      deferred.push(file);
    }
  }
  return deferred;
}

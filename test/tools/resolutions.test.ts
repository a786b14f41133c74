/**
 * Module resolutions kept between runs of the tools (tools/resolutions.cjs): the same files as Node
 * resolves, read back by the next process, and never a file that is gone or a cache of another install.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { findProjectDir } from "../../tools/engine/stackFiles";

const ROOT = findProjectDir();
const RESOLUTIONS = path.join(ROOT, "tools", "resolutions.cjs");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS tool of the repository, untyped
const { fingerprint } = require(RESOLUTIONS) as { fingerprint: (root: string) => string };

/** In a fresh node in the project: keeps resolutions in `file`, resolves `requests`, prints what it got. */
function resolveIn(file: string, requests: string[]): { read: number; resolved: string[] } {
  const script = `
    const read = require(${JSON.stringify(RESOLUTIONS)}).keepResolutions(${JSON.stringify(ROOT)}, ${JSON.stringify(file)});
    const resolved = ${JSON.stringify(requests)}.map((r) => require.resolve(r));
    console.log(JSON.stringify({ read, resolved }));`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" })) as {
    read: number;
    resolved: string[];
  };
}

const tempFile = (): string => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "resolutions-")), "r.json");
/** The key a resolution is kept under: the requiring module's directory (here `-e`'s: the project) and the request. */
const keyOf = (request: string): string => `${ROOT}\0${request}`;

describe("module resolutions kept between runs", function () {
  this.timeout(60_000);

  const requests = ["@pulumi/pulumi", "./tools/build.cjs"];
  const node = requests.map((r) => require.resolve(r, { paths: [ROOT] }));

  it("are Node's, kept on exit and read back by the next process", () => {
    const file = tempFile();
    assert.deepStrictEqual(resolveIn(file, requests), { read: 0, resolved: node });
    const kept = JSON.parse(fs.readFileSync(file, "utf8")) as { resolutions: Record<string, string> };
    assert.strictEqual(kept.resolutions[keyOf("@pulumi/pulumi")], node[0]);
    const again = resolveIn(file, requests);
    assert.ok(again.read >= 2);
    assert.deepStrictEqual(again.resolved, node);
  });

  it("answer from the cache: a kept resolution is used as it is, with the same fingerprint only", () => {
    const file = tempFile();
    const elsewhere = path.join(ROOT, "package.json");
    const write = (fp: string, to: string): void =>
      fs.writeFileSync(
        file,
        JSON.stringify({ fingerprint: fp, resolutions: { [keyOf("@pulumi/pulumi")]: to } }),
      );
    write(fingerprint(ROOT), elsewhere);
    assert.deepStrictEqual(resolveIn(file, ["@pulumi/pulumi"]).resolved, [elsewhere]);
    write("another install", elsewhere);
    assert.deepStrictEqual(resolveIn(file, ["@pulumi/pulumi"]).resolved, [node[0]]);
    write(fingerprint(ROOT), path.join(ROOT, "no-such-file.js"));
    assert.deepStrictEqual(resolveIn(file, ["@pulumi/pulumi"]).resolved, [node[0]], "a file that is gone");
    fs.writeFileSync(file, "{ half a fi");
    assert.deepStrictEqual(resolveIn(file, ["@pulumi/pulumi"]).resolved, [node[0]], "a broken file");
  });

  it("hold for one install and one compiled tree: a new install or a file added to bin/ changes the fingerprint", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "resolutions-root-"));
    fs.mkdirSync(path.join(root, "node_modules"));
    fs.mkdirSync(path.join(root, "bin", "components"), { recursive: true });
    const lock = path.join(root, "node_modules", ".package-lock.json");
    fs.writeFileSync(lock, "{}");
    const before = fingerprint(root);
    assert.strictEqual(fingerprint(root), before, "stable");
    fs.writeFileSync(path.join(root, "bin", "components", "added.js"), "");
    const added = fingerprint(root);
    assert.notStrictEqual(added, before);
    fs.writeFileSync(lock, '{"lockfileVersion":3}');
    assert.notStrictEqual(fingerprint(root), added);
  });
});

/**
 * The shape of the code base: folders depend downward only, no folder cycle, no source file too long
 * to read, no ticket numbers in place of names.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const SOURCE_DIRS = [
  "components",
  "stacks",
  "organization",
  "tools",
  "sdk",
  "policy-pack",
  "functions",
  "examples",
  "test",
];

/**
 * The layers of components/, lowest first. A folder may import its own layer's shared helpers and any
 * lower layer, never a higher one; folders of one layer do not import each other.
 */
export const COMPONENT_LAYERS: readonly (readonly string[])[] = [
  ["shared"],
  ["accounts", "network"],
  ["data", "messaging"],
  ["compute"],
  ["access", "edge", "events"],
  ["observability", "organization"],
];

function sourceFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) {
    return [];
  }
  return fs.readdirSync(full, { withFileTypes: true, recursive: true }).flatMap((entry) => {
    const file = path.join(entry.parentPath, entry.name);
    return entry.isFile() &&
      entry.name.endsWith(".ts") &&
      !file.includes(`${path.sep}node_modules${path.sep}`) &&
      !file.includes(`${path.sep}dist${path.sep}`)
      ? [path.relative(ROOT, file)]
      : [];
  });
}

/** Relative imports of a file, resolved to repository paths (a folder's import to its index). */
function relativeImports(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const specs = [...text.matchAll(/(?:from\s+|import\(|require\()"(\.{1,2}\/?[^"]*)"/g)].map((m) => m[1]);
  return specs.map((spec) => {
    const target = path.resolve(path.dirname(path.join(ROOT, file)), spec);
    const folder = fs.existsSync(target) && fs.statSync(target).isDirectory();
    return path.relative(ROOT, folder ? path.join(target, "index") : target);
  });
}

/** The folder graph: for each folder, the folders its files import, with one file import as evidence. */
export function folderGraph(files: readonly string[]): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of files) {
    const from = path.dirname(file);
    for (const target of relativeImports(file)) {
      const to = path.dirname(target);
      if (to !== from) {
        const edges = graph.get(from) ?? new Map<string, string>();
        edges.set(to, edges.get(to) ?? `${file} -> ${target}`);
        graph.set(from, edges);
      }
    }
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the folders along it. */
export function folderCycles(graph: Map<string, Map<string, string>>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, "open");
    stack.push(node);
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (state.get(next) === "open") {
        cycles.push([...stack.slice(stack.indexOf(next)), next]);
      } else if (state.get(next) === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.get(node) === undefined) {
      visit(node);
    }
  }
  return cycles;
}

const layerOf = (folder: string): number | undefined => {
  const match = /^components\/([^/]+)$/.exec(folder);
  return match ? COMPONENT_LAYERS.findIndex((layer) => layer.includes(match[1])) : undefined;
};

describe("structure", () => {
  const files = SOURCE_DIRS.flatMap(sourceFiles);
  const graph = folderGraph(files.filter((f) => !f.startsWith("test/")));

  it("finds the source files and their imports", () => {
    assert.ok(files.length > 150, `only ${files.length} files`);
    assert.ok(graph.get("stacks")?.has("components/compute"));
  });

  it("has no cycle between folders", () => {
    const cycles = folderCycles(graph).map((cycle) =>
      cycle
        .slice(1)
        .map((to, i) => graph.get(cycle[i])?.get(to))
        .join(", "),
    );
    assert.deepStrictEqual(cycles, []);
  });

  it("the cycle finder reports a cycle", () => {
    const loop = new Map([
      ["a", new Map([["b", "a.ts -> b/x"]])],
      ["b", new Map([["a", "b/x.ts -> a"]])],
    ]);
    assert.deepStrictEqual(folderCycles(loop), [["a", "b", "a"]]);
  });

  it("places every component folder in a layer", () => {
    const folders = fs
      .readdirSync(path.join(ROOT, "components"), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    assert.deepStrictEqual(folders.filter((f) => layerOf(`components/${f}`) === -1).sort(), []);
    assert.deepStrictEqual(
      fs.readdirSync(path.join(ROOT, "components")).filter((f) => f.endsWith(".ts")),
      [],
      "shared helpers live in components/shared",
    );
  });

  it("imports only from lower component layers", () => {
    const upward: string[] = [];
    for (const [from, edges] of graph) {
      const own = layerOf(from);
      for (const [to, evidence] of edges) {
        const theirs = layerOf(to);
        if (own !== undefined && own >= 0 && theirs !== undefined && theirs >= own) {
          upward.push(evidence);
        }
      }
    }
    assert.deepStrictEqual(upward, []);
  });

  it("components import no stack, tool or test code", () => {
    const outward = [...graph]
      .filter(([from]) => from.startsWith("components"))
      .flatMap(([, edges]) => [...edges].filter(([to]) => !to.startsWith("components")).map(([, e]) => e));
    assert.deepStrictEqual(outward, []);
  });

  it("keeps every source file under 600 lines", () => {
    const long = files
      .map((f) => ({ f, lines: fs.readFileSync(path.join(ROOT, f), "utf8").split("\n").length }))
      .filter(({ lines }) => lines > 600)
      .map(({ f, lines }) => `${f}: ${lines}`);
    assert.deepStrictEqual(long, []);
  });

  it("names code by what it does, not by the ticket that added it", () => {
    const tagged = files.filter((f) =>
      /\(issues? \d+|issue \d+\)/i.test(fs.readFileSync(path.join(ROOT, f), "utf8")),
    );
    assert.deepStrictEqual(tagged, []);
  });
});

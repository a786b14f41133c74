// Module resolutions kept between runs of the tools (tools/run.cjs). Node resolves every `require` again in
// each process: for a plan, 2,500 resolutions, most of them walks through directories and package.json files,
// 5% of a warm plan. A resolution is a function of the requiring module's directory, the request and the
// files on disk; so each is kept under the first two, in `.plan/cache/resolutions.json`, with the
// fingerprint of the rest: Node's version, the installed packages (npm rewrites
// node_modules/.package-lock.json on every install) and the directories of the compiled program (a file
// added or removed changes its directory). A kept file that is gone, any other request (a built-in module, a
// `require.resolve` with its own paths) and a cache that cannot be read resolve as Node does.
"use strict";
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

/** What the kept resolutions hold for: Node, the installed packages, the compiled program's directories. */
function fingerprint(root) {
  const parts = [process.version];
  const stamp = (file) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    parts.push(`${path.relative(root, file)} ${stat ? `${stat.size} ${stat.mtimeMs}` : "none"}`);
    return stat;
  };
  stamp(path.join(root, "node_modules", ".package-lock.json"));
  const visit = (dir) => {
    if (stamp(dir)?.isDirectory()) {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) {
          visit(path.join(dir, entry.name));
        }
      }
    }
  };
  visit(path.join(root, "bin"));
  return parts.join("\n");
}

/**
 * Resolves `require`s of this thread from the kept resolutions of `file`, and keeps the new ones there when
 * the process exits. Returns the number of resolutions read.
 */
function keepResolutions(root, file) {
  const current = fingerprint(root);
  let kept = {};
  try {
    const content = JSON.parse(fs.readFileSync(file, "utf8"));
    if (content.fingerprint === current && typeof content.resolutions === "object") {
      kept = content.resolutions;
    }
  } catch {
    // no cache: resolve as Node does
  }
  let added = 0;
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, isMain, options) {
    if (options !== undefined || typeof parent?.filename !== "string" || Module.isBuiltin(request)) {
      return resolve.apply(this, arguments);
    }
    const key = `${path.dirname(parent.filename)}\0${request}`;
    const known = kept[key];
    if (typeof known === "string" && fs.existsSync(known)) {
      return known;
    }
    const resolved = resolve.apply(this, arguments);
    if (path.isAbsolute(resolved)) {
      kept[key] = resolved;
      added++;
    }
    return resolved;
  };
  process.on("exit", () => {
    if (added === 0) {
      return;
    }
    const staging = `${file}.${process.pid}`;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(staging, JSON.stringify({ fingerprint: current, resolutions: kept }));
      fs.renameSync(staging, file);
    } catch {
      fs.rmSync(staging, { force: true });
    }
  });
  return Object.keys(kept).length - added;
}

module.exports = { fingerprint, keepResolutions };

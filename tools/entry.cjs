// The program as the Pulumi CLI loads it (Pulumi.yaml: `main: tools/entry.cjs`, `typescript: false`):
// the fast build brings bin/ up to date with the sources (tools/build.cjs; nothing to do when unchanged),
// then the compiled program is the module's export. No ts-node, no type check at deploy time (`npm test`,
// which CI runs first, type-checks); never a stale bin/. See docs/toolchain.md.
"use strict";
require("./build.cjs").build();
module.exports = require("../bin/index.js");

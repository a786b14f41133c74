// The organization program as the Pulumi CLI loads it (Pulumi.yaml: `main: entry.cjs`, `typescript: false`),
// as the platform's tools/entry.cjs does: the fast build brings bin/ up to date, then the compiled program
// is the module's export. See docs/toolchain.md.
"use strict";
require("../tools/build.cjs").build();
module.exports = require("../bin/organization/index.js");

/** `npm run docs`: regenerates the generated references under docs/ (config keys, platform outputs). */
import * as fs from "fs";
import * as path from "path";
import { CONFIG_DOCS_PATH, configDocs } from "./configDocs";
import { findProjectDir } from "./engine/stackFiles";
import { outputsDocs } from "./outputsDocs";

export const OUTPUTS_DOCS_PATH = path.join(findProjectDir(), "docs", "outputs.md");

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

if (require.main === module) {
  write(CONFIG_DOCS_PATH, configDocs());
  write(OUTPUTS_DOCS_PATH, outputsDocs());
}

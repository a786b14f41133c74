/**
 * A file of `.plan/cache/`: a JSON object with the fingerprint of what its content comes from. Read back
 * only with the same fingerprint; written aside, then renamed (never half a file); a file that cannot be
 * read or written is no cache.
 */
import * as fs from "fs";
import * as path from "path";

/** The content kept in `file`, when it was kept with `fingerprint`. */
export function readCacheFile<T extends object>(file: string, fingerprint: string): Partial<T> | undefined {
  try {
    const content = JSON.parse(fs.readFileSync(file, "utf8")) as { fingerprint?: unknown } & Partial<T>;
    return content.fingerprint === fingerprint ? content : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `content` in `file` with `fingerprint`. */
export function writeCacheFile(file: string, fingerprint: string, content: object): void {
  const staging = `${file}.${process.pid}`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(staging, JSON.stringify({ fingerprint, ...content }));
    fs.renameSync(staging, file);
  } catch {
    fs.rmSync(staging, { force: true });
  }
}

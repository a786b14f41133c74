/**
 * The IAM evaluator's verdicts, kept between plans. A verdict is a function of its request alone (principal,
 * action, resource, context keys and every policy on the path, tools/engine/iamEvaluator.ts) and of the
 * evaluator: its code and the versions of @cloud-copilot's packages with AWS's service reference. So each
 * verdict is kept under a hash of its request's whole content, in `.plan/cache/` of the project, one file
 * per stack, with the fingerprint of the evaluator; a plan evaluates only the requests it has not met
 * before (a changed policy is a new request), and keeps the verdicts of its own requests only. The
 * evaluation is most of the integration model's time: 600 requests for prod, about 0.6 s cold. A cache that
 * cannot be read or written is no cache.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

import { readCacheFile, writeCacheFile } from "./cacheFile";
import type { AccessRequest, NamedPolicy, Verdict } from "./iamEvaluator";

/** The compiled tree this module runs from (bin/), and the project it was built from. */
const BIN = path.resolve(__dirname, "..", "..");
const CODE_ROOT = path.dirname(BIN);

interface CacheFile {
  verdicts: Record<string, Verdict>;
}

/** Where the verdicts of the stack `stack` of the project `dir` are kept. */
export function verdictCacheFile(dir: string, stack: string): string {
  return path.join(dir, ".plan", "cache", `verdicts.${stack}.json`);
}

/** What a verdict depends on besides its request: the evaluator's code and the installed packages. */
export function evaluatorFingerprint(): string {
  const hash = createHash("sha256");
  for (const file of [path.join(__dirname, "iamEvaluator.js"), path.join(CODE_ROOT, "package-lock.json")]) {
    hash.update(`${path.basename(file)}\0`);
    hash.update(fs.existsSync(file) ? fs.readFileSync(file) : "(none)");
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** Hashes of requests by content, each policy document hashed once however many requests share it. */
export class RequestKeys {
  private readonly documents = new WeakMap<object, string>();

  private documentHash(p: NamedPolicy): string {
    let hash = this.documents.get(p.document);
    if (hash === undefined) {
      hash = createHash("sha256").update(JSON.stringify(p.document)).digest("base64url");
      this.documents.set(p.document, hash);
    }
    return `${p.name}\0${hash}`;
  }

  /** The hash of everything a verdict is a function of. */
  keyOf(r: AccessRequest): string {
    const named = (p: NamedPolicy | undefined): string | null =>
      p === undefined ? null : this.documentHash(p);
    return createHash("sha256")
      .update(
        JSON.stringify([
          r.principal,
          r.action,
          r.resource,
          r.resourceAccount,
          r.context,
          (r.identity ?? []).map(named),
          named(r.boundary),
          named(r.resourcePolicy),
          r.scps === undefined ? null : r.scps.map(named),
        ]),
      )
      .digest("base64url");
  }
}

/** The verdicts kept in `file` (none without a file), and those of this plan's requests to keep there. */
export class VerdictCache {
  private readonly kept: Map<string, Verdict>;
  private readonly used = new Map<string, Verdict>();
  private readonly fingerprint: string;

  constructor(private readonly file?: string) {
    this.fingerprint = file === undefined ? "" : evaluatorFingerprint();
    this.kept = new Map(file === undefined ? [] : Object.entries(readVerdicts(file, this.fingerprint)));
  }

  /** The verdict kept for the request of this key (and marked as used by this plan). */
  get(key: string): Verdict | undefined {
    const verdict = this.kept.get(key);
    if (typeof verdict?.allowed !== "boolean") {
      return undefined;
    }
    this.used.set(key, verdict);
    return verdict;
  }

  /** A verdict this plan evaluated. */
  set(key: string, verdict: Verdict): void {
    this.used.set(key, verdict);
  }

  /** Keeps this plan's verdicts, when they differ from those kept. */
  save(): void {
    const unchanged =
      this.used.size === this.kept.size && [...this.used.keys()].every((k) => this.kept.has(k));
    if (this.file === undefined || unchanged) {
      return;
    }
    writeCacheFile(this.file, this.fingerprint, {
      verdicts: Object.fromEntries(this.used),
    } satisfies CacheFile);
  }
}

function readVerdicts(file: string, fingerprint: string): Record<string, Verdict> {
  const verdicts = readCacheFile<CacheFile>(file, fingerprint)?.verdicts;
  return typeof verdicts === "object" && verdicts !== null ? verdicts : {};
}

/** The change preview as text (the plan's output) and as Markdown (the pull request's comment). */
import { ChangeKind, ChangeSet, PropertyChange, ResourceChange } from "./changes";

/** Pulumi's symbols: + create, ~ update, +- replace, - delete; `!` marks a stateful resource. */
const SYMBOL: Record<ChangeKind, string> = { create: "+ ", update: "~ ", replace: "+-", delete: "- " };

const MAX_VALUE = 60;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A value as one line of text. */
function oneLine(v: unknown): string {
  const text =
    v === undefined
      ? "(unset)"
      : typeof v === "string"
        ? v
        : Array.isArray(v)
          ? v.length > 1 && v.every((x) => same(x, v[0]))
            ? `[${oneLine(v[0])} x ${v.length}]`
            : `[${v.map(oneLine).join(", ")}]`
          : JSON.stringify(v);
  return text.replace(/\n/g, "\\n");
}

/** A value in one short line. */
export function brief(v: unknown): string {
  const text = oneLine(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** Two long values shown from a little before where they first differ. */
function briefPair(before: unknown, after: unknown): [string, string] {
  const [a, b] = [oneLine(before), oneLine(after)];
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) {
    i++;
  }
  const from = Math.max(0, i - 20);
  const cut = (t: string): string => {
    const part = from > 0 ? `…${t.slice(from)}` : t;
    return part.length > MAX_VALUE ? `${part.slice(0, MAX_VALUE - 1)}…` : part;
  };
  return [cut(a), cut(b)];
}

function propertyLine(c: PropertyChange): string {
  const [before, after] = briefPair(c.before, c.after);
  const what = c.cause ? c.cause : `${before} -> ${after}`;
  return `${c.path}: ${what}${c.forces ? `  [forces replacement: ${c.forces}]` : ""}`;
}

function resourceLines(c: ResourceChange): string[] {
  const marks = [
    c.stateful && (c.kind === "replace" || c.kind === "delete") ? `stateful: ${c.stateful}` : undefined,
    c.protect && (c.kind === "replace" || c.kind === "delete") ? "protected" : undefined,
    c.reason,
  ].filter((m): m is string => m !== undefined);
  const flag = c.stateful && (c.kind === "replace" || c.kind === "delete") ? "!" : "";
  const head = `${flag}${SYMBOL[c.kind]} ${c.kind.padEnd(7)} ${c.type}  ${c.name}${marks.length ? `  (${marks.join("; ")})` : ""}`;
  return [head, ...c.changes.map((p) => `        ${propertyLine(p)}`)];
}

function usd(n: number): string {
  return `$${n.toFixed(2)}`;
}

/** The counts line: "2 to replace (1 stateful), 3 to create, 5 to update, 0 to delete". */
export function countsLine(set: ChangeSet): string {
  const c = set.counts;
  const stateful = set.statefulReplacements.length;
  return (
    `${c.replace} to replace${stateful ? ` (${stateful} stateful)` : ""}, ${c.create} to create, ` +
    `${c.update} to update, ${c.delete} to delete`
  );
}

export function costLine(set: ChangeSet): string | undefined {
  const cost = set.cost;
  if (!cost) {
    return undefined;
  }
  const sign = cost.deltaUsd >= 0 ? "+" : "-";
  return `Monthly cost (modeled): ${usd(cost.beforeUsd)} -> ${usd(cost.afterUsd)} (${sign}${usd(Math.abs(cost.deltaUsd))})`;
}

/** The verdict on stateful replacements. */
export function verdictLine(set: ChangeSet, allowReplace: boolean): string | undefined {
  const n = set.statefulReplacements.length;
  if (n === 0) {
    return undefined;
  }
  const what = `${n} stateful resource${n === 1 ? "" : "s"} would be replaced, losing what ${n === 1 ? "it holds" : "they hold"}`;
  return allowReplace
    ? `${what}: allowed (--allow-replace)`
    : `${what}: the preview fails (pass --allow-replace to accept)`;
}

/** The change preview as plain text lines; `against` says what it is compared with. */
export function formatChanges(set: ChangeSet, against: string, allowReplace: boolean): string[] {
  const lines = [`Changes of stack ${set.stack} against ${against}: ${countsLine(set)}`];
  if (set.changes.length === 0) {
    lines.push("  no change");
  }
  for (const c of set.changes) {
    lines.push(...resourceLines(c).map((l) => `  ${l}`));
  }
  for (const l of [costLine(set), verdictLine(set, allowReplace)]) {
    if (l) {
      lines.push(l);
    }
  }
  return lines;
}

/** GitHub's limit on a comment's body is 65,536 characters; leave room for the other stacks' sections. */
const MAX_MARKDOWN = 20_000;

/** The change preview as a Markdown section of a pull request comment. */
export function formatChangesMarkdown(set: ChangeSet, against: string, allowReplace: boolean): string {
  const head = [
    `### Stack \`${set.stack}\`: ${countsLine(set)}`,
    "",
    `Compared with ${against}.`,
    ...[costLine(set), verdictLine(set, allowReplace)]
      .filter((l): l is string => !!l)
      .map((l) => `\n**${l}**`),
    "",
  ];
  const body = set.changes.flatMap(resourceLines);
  let text = body.join("\n");
  if (text.length > MAX_MARKDOWN) {
    const cut = text.lastIndexOf("\n", MAX_MARKDOWN);
    const shown = text
      .slice(0, cut)
      .split("\n")
      .filter((l) => !l.startsWith(" ")).length;
    text = `${text.slice(0, cut)}\n... (${set.changes.length - shown} more resources: see the plan artifact)`;
  }
  return [...head, set.changes.length ? ["```diff", text, "```"].join("\n") : "No change.", ""].join("\n");
}

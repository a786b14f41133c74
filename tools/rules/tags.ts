/**
 * Tags, on every AWS resource that takes them: at most 50 per resource counting the provider's default
 * tags (merged into `tagsAll`), keys 1..128 and values up to 256 characters of letters, digits, spaces and
 * + - = . _ : / @, no key beginning with `aws:`.
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html (the same limits, per service)
 */
import { ApiRule, Finding, known, RuleResource } from "./rule";

const TAGGING = "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions";
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The tags a resource ends up with: the provider's default tags, then its own (which win). */
export const TAGS_ALL = "tagsAll";

function tagsOf(r: RuleResource): Record<string, unknown> | undefined {
  const t = r.inputs[TAGS_ALL] ?? r.inputs.tags;
  return t && typeof t === "object" && !Array.isArray(t) ? (t as Record<string, unknown>) : undefined;
}

function tagRule(
  id: string,
  requirement: string,
  check: (tags: Record<string, unknown>) => Finding[],
): ApiRule {
  return {
    id,
    requirement,
    doc: TAGGING,
    check: (r) => {
      const tags = tagsOf(r);
      return tags ? check(tags) : [];
    },
  };
}

export const TAG_RULES: readonly ApiRule[] = [
  tagRule("tags-count", "at most 50 tags, the provider's default tags included", (tags) => {
    const n = Object.keys(tags).filter((k) => !k.toLowerCase().startsWith("aws:")).length;
    return n > 50 ? [{ property: "tags", value: `${n} tags` }] : [];
  }),
  tagRule("tags-key", "tag keys are 1..128 characters of letters, digits, spaces and _.:/=+-@", (tags) =>
    Object.keys(tags)
      .filter((k) => k.length < 1 || k.length > 128 || !TAG_TEXT.test(k))
      .map((k) => ({ property: "tags", value: k })),
  ),
  tagRule("tags-key-aws", "tag keys must not begin with aws: (reserved for AWS)", (tags) =>
    Object.keys(tags)
      .filter((k) => k.toLowerCase().startsWith("aws:"))
      .map((k) => ({ property: "tags", value: k })),
  ),
  tagRule(
    "tags-value",
    "tag values are up to 256 characters of letters, digits, spaces and _.:/=+-@",
    (tags) =>
      Object.entries(tags)
        .map(([k, v]) => [k, known(v)] as const)
        .filter(
          (e): e is readonly [string, string] =>
            e[1] !== undefined && (e[1].length > 256 || !TAG_TEXT.test(e[1])),
        )
        .map(([k, v]) => ({ property: `tags.${k}`, value: v })),
  ),
];

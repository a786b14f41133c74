/**
 * AWS's API rules on a plan: every resource's type coverage from the catalog (tools/rules/ by service
 * family), the tag rules on every AWS resource with tags (the provider's default tags merged in, as the
 * provider sends them), and physical names unique per type, account and region. Judges only what is
 * known: in a preview, a name built from an id is unknown and skipped; names built from config are known.
 */
import { CATALOG } from "../catalog";
import { ApiRule, physicalName, RuleResource, TAG_RULES, TAGS_ALL } from "../rules";
import { RecordedResource } from "./mockEngine";
import { display } from "./wire";

export interface ApiViolation {
  urn: string;
  type: string;
  /** The logical name. */
  name: string;
  rule: string;
  property: string;
  value: string;
  requirement: string;
  doc: string;
}

/** Where uniqueness is documented when the type's own page is not known: ARNs name resources by name. */
const UNIQUE_DOC = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html";

function ruleResource(r: RecordedResource, defaultTags: Record<string, unknown> | undefined): RuleResource {
  const inputs = display(r.inputs) as Record<string, unknown>;
  const own = inputs.tags;
  if (defaultTags && own && typeof own === "object") {
    return {
      ...r,
      inputs: { ...inputs, [TAGS_ALL]: { ...defaultTags, ...(own as Record<string, unknown>) } },
    };
  }
  return { ...r, inputs };
}

function providerDefaultTags(p: RecordedResource | undefined): Record<string, unknown> | undefined {
  if (!p) {
    return undefined;
  }
  const d = display(p.inputs) as { defaultTags?: { tags?: Record<string, unknown> } };
  return d.defaultTags?.tags;
}

function violation(r: RuleResource, rule: ApiRule, property: string, value: string): ApiViolation {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    rule: rule.id,
    property,
    value,
    requirement: rule.requirement,
    doc: rule.doc,
  };
}

/** The rules of one resource (its type's, and the tag rules for AWS resources). */
export function rulesOf(type: string): readonly ApiRule[] {
  const own = CATALOG.get(type)?.api.rules ?? [];
  return type.startsWith("aws:") ? [...own, ...TAG_RULES] : own;
}

/** Judges one resource, already in the rules' form. */
export function checkResource(r: RuleResource): ApiViolation[] {
  return rulesOf(r.type).flatMap((rule) => rule.check(r).map((f) => violation(r, rule, f.property, f.value)));
}

/** Every violation of AWS's API rules in a plan's resources. */
export function checkApiRules(resources: readonly RecordedResource[]): ApiViolation[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const providerOf = (r: RecordedResource): RecordedResource | undefined => {
    const ref = r.provider ?? "";
    const at = ref.lastIndexOf("::");
    return byUrn.get(at < 0 ? ref : ref.slice(0, at));
  };
  const found: ApiViolation[] = [];
  const names = new Map<string, RuleResource[]>();
  for (const r of resources.filter((x) => x.custom)) {
    const rr = ruleResource(r, r.type.startsWith("aws:") ? providerDefaultTags(providerOf(r)) : undefined);
    found.push(...checkResource(rr));
    if (r.type === "pulumi:providers:aws") {
      const tags = providerDefaultTags(r);
      if (tags) {
        for (const rule of TAG_RULES) {
          found.push(
            ...rule
              .check({ ...rr, inputs: { tags } })
              .map((f) => violation(rr, rule, `defaultTags.${f.property}`, f.value)),
          );
        }
      }
    }
    const unique = CATALOG.get(r.type)?.uniqueName;
    const physical = unique ? physicalName(rr, unique) : undefined;
    if (physical !== undefined) {
      const key = `${r.type}\u0000${r.provider ?? ""}\u0000${unique?.lower ? physical.toLowerCase() : physical}`;
      names.set(key, [...(names.get(key) ?? []), rr]);
    }
  }
  for (const [key, same] of names) {
    if (same.length > 1) {
      const property = CATALOG.get(same[0].type)?.uniqueName?.property ?? "name";
      const value = key.split("\u0000")[2];
      for (const r of same) {
        found.push(
          violation(
            r,
            {
              id: "unique-name",
              requirement: `${property} is unique per type, account and region (also used by ${same
                .filter((x) => x !== r)
                .map((x) => x.name)
                .join(", ")})`,
              // The type's create API page (its first rule's), which states the uniqueness.
              doc: rulesOf(r.type)[0]?.doc ?? UNIQUE_DOC,
              check: () => [],
            },
            property,
            value,
          ),
        );
      }
    }
  }
  return found;
}

/** One line per violation: the resource, the value and the rule with its page. */
export function formatApiViolations(violations: readonly ApiViolation[]): string[] {
  if (violations.length === 0) {
    return ["AWS API rules: no violation"];
  }
  return [
    `AWS API rules: ${violations.length} violation(s) (AWS would reject these on the first deploy):`,
    ...violations.map(
      (v) => `  - ${v.type} "${v.name}": ${v.property} "${v.value}": ${v.requirement} [${v.rule}] ${v.doc}`,
    ),
  ];
}

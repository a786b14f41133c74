/**
 * Exposure coverage: every resource type the program creates is judged by a policy of the no-public-path
 * family or says, in its catalog entry, why it cannot be reached from the internet nor grant access; and
 * the real plans carry no "can't run" line.
 */
import * as assert from "assert";

import { NO_PUBLIC_PATH } from "../../policy-pack/policies";
import { CATALOG_FILES, CatalogEntry } from "../../tools/catalog";
import { aws } from "../../tools/catalog/replacement";
import { stackPlan } from "../helpers/graph";

const FAMILY = new Set(NO_PUBLIC_PATH.map((p) => p.name));
const STACKS = ["dev", "stage", "prod"];

/**
 * What is missing for each type: an entry in the catalog, or its exposure classification (the family's
 * policies among its `policies`, or an `unexposed` reason), each with what to add where.
 */
function exposureGaps(
  types: readonly string[],
  files: ReadonlyArray<readonly [string, readonly CatalogEntry[]]>,
): string[] {
  const gaps: string[] = [];
  const how =
    "name the no-public-path policy that judges it in `policies` (NO_PUBLIC_PATH in policy-pack/policies/index.ts), " +
    'or add `unexposed: "why it cannot be reached from the internet nor grant access"`';
  for (const type of types) {
    const found = files.find(([, entries]) => entries.some((e) => e.type === type));
    const entry = found?.[1].find((e) => e.type === type);
    if (!found || !entry) {
      gaps.push(`${type} is not in the catalog: add its entry to tools/catalog/<domain>.ts and ${how}`);
      continue;
    }
    const judged = (entry.policies ?? []).filter((p) => FAMILY.has(p));
    const file = `tools/catalog/${found[0]}.ts`;
    if (judged.length === 0 && (entry.unexposed ?? "").length < 10) {
      gaps.push(`${type} (${file}) says nothing about exposure: ${how}`);
    } else if (judged.length > 0 && entry.unexposed !== undefined) {
      gaps.push(
        `${type} (${file}) is judged by ${judged.join(", ")} and also says it is unexposed: drop \`unexposed\``,
      );
    }
  }
  return gaps;
}

describe("exposure coverage", () => {
  it("classifies every catalog entry: judged by the no-public-path family, or unexposed with a reason", () => {
    const all = CATALOG_FILES.flatMap(([, entries]) => entries.map((e) => e.type));
    assert.deepStrictEqual(exposureGaps(all, CATALOG_FILES), []);
  });

  it("classifies every type the stacks create", async () => {
    for (const stack of STACKS) {
      const types = [
        ...new Set((await stackPlan(stack)).resources.filter((r) => r.custom).map((r) => r.type)),
      ];
      assert.deepStrictEqual(exposureGaps(types, CATALOG_FILES), [], stack);
    }
  });

  it("says what to add where for a new type", () => {
    const files: Array<[string, CatalogEntry[]]> = [
      [
        "organization",
        [
          {
            type: "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount",
            replaceOn: aws("guardduty_organization_admin_account", ["adminAccountId"]),
            api: { rules: [] },
            unruled: "a detective control",
          },
        ],
      ],
    ];
    assert.deepStrictEqual(
      exposureGaps(
        [
          "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount",
          "aws:organizations/organization:Organization",
        ],
        files,
      ),
      [
        "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount (tools/catalog/organization.ts) says nothing about exposure: " +
          "name the no-public-path policy that judges it in `policies` (NO_PUBLIC_PATH in policy-pack/policies/index.ts), " +
          'or add `unexposed: "why it cannot be reached from the internet nor grant access"`',
        "aws:organizations/organization:Organization is not in the catalog: add its entry to tools/catalog/<domain>.ts and " +
          "name the no-public-path policy that judges it in `policies` (NO_PUBLIC_PATH in policy-pack/policies/index.ts), " +
          'or add `unexposed: "why it cannot be reached from the internet nor grant access"`',
      ],
    );
  });

  it("names in the family only policies of the pack, each judging some type of the catalog or one an app team could create", () => {
    const named = new Set(CATALOG_FILES.flatMap(([, entries]) => entries.flatMap((e) => e.policies ?? [])));
    const appTeamOnly = ["stores-not-public", "no-public-sharing", "lambda-url-requires-auth"];
    for (const p of FAMILY) {
      assert.ok(named.has(p) || appTeamOnly.includes(p), `${p} judges no type of the catalog`);
    }
  });

  for (const stack of STACKS) {
    for (const mode of ["preview", "up"] as const) {
      it(`plans ${stack} (${mode}) with no "can't run" line and no mandatory violation`, async () => {
        const plan = await stackPlan(stack, mode);
        assert.deepStrictEqual(
          plan.diagnostics
            .filter((d) => /can't run/.test(d.message) || d.level === "mandatory")
            .map((d) => d.message),
          [],
        );
      });
    }
  }
});

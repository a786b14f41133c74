import * as aws from "@pulumi/aws";
import * as assert from "assert";

import { EXEMPTIONS } from "../../policy-pack/exemptions";
import { POLICIES } from "../../policy-pack/policies";
import { Exemption, exemptionProblems } from "../../policy-pack/policies/exemptions";
import { about, assertViolation, evaluateProgram } from "../helpers/policies";

const TODAY = new Date("2026-11-22T12:00:00Z");
const NAMES = POLICIES.map((p) => p.name);

const exemption = (overrides: Partial<Exemption> = {}): Exemption => ({
  policy: "rds-not-public",
  type: "aws:rds/instance:Instance",
  name: "reporting-db",
  reason: "The BI vendor connects over the internet until the PrivateLink migration in Q1.",
  approvedBy: "security@acme-platform.com",
  expires: "2027-03-31",
  ...overrides,
});

function program(): void {
  new aws.rds.Instance("reporting-db", {
    instanceClass: "db.t4g.micro",
    engine: "postgres",
    publiclyAccessible: true,
  });
  new aws.rds.Instance("orders-db", {
    instanceClass: "db.t4g.micro",
    engine: "postgres",
    publiclyAccessible: true,
  });
}

describe("policy exemptions", () => {
  it("let one named resource off one policy, and show it as an advisory", async () => {
    const d = await evaluateProgram(program, { exemptions: [exemption()], now: TODAY });
    assert.deepStrictEqual(about(d, "rds-not-public", "reporting-db"), []);
    assertViolation(d, "rds-not-public", "orders-db", /is publicly accessible/);
    const report = about(d, "policy-exemptions", "reporting-db");
    assert.strictEqual(report.length, 1);
    assert.strictEqual(report[0].level, "advisory");
    assert.match(
      report[0].message,
      /rds\.Instance "reporting-db" is exempt from rds-not-public until 2027-03-31 \(approved by security@acme-platform\.com\): The BI vendor/,
    );
  });

  it("stop applying when expired, and say so", async () => {
    const d = await evaluateProgram(program, {
      exemptions: [exemption({ expires: "2026-11-01" })],
      now: TODAY,
    });
    assertViolation(d, "rds-not-public", "reporting-db", /is publicly accessible/);
    assert.match(
      about(d, "policy-exemptions", "reporting-db")[0].message,
      /expired on 2026-11-01 and no longer applies/,
    );
  });

  it("apply only in the stack they name", async () => {
    const d = await evaluateProgram(program, { exemptions: [exemption({ stack: "prod" })], now: TODAY });
    assertViolation(d, "rds-not-public", "reporting-db", /is publicly accessible/);
  });

  it("reject entries that are not one policy, one resource, a reason, an approver and a near expiry", () => {
    const problems = (e: Exemption): string => exemptionProblems(e, NAMES, TODAY).join("\n");
    assert.strictEqual(problems(exemption()), "");
    assert.match(problems(exemption({ policy: "all" })), /no policy is named all/);
    assert.match(problems(exemption({ name: "*" })), /must name one resource .*no wildcards/);
    assert.match(problems(exemption({ reason: "legacy" })), /the reason must say why/);
    assert.match(problems(exemption({ approvedBy: " " })), /approvedBy is required/);
    assert.match(problems(exemption({ expires: "someday" })), /expires must be a date/);
    assert.match(problems(exemption({ expires: "2030-01-01" })), /more than a year ahead/);
  });

  it("the reviewed list in policy-pack/exemptions.ts is valid", () => {
    for (const e of EXEMPTIONS) {
      assert.deepStrictEqual(exemptionProblems(e, NAMES, new Date()), []);
    }
  });
});

import * as assert from "assert";

import { UNDECRYPTED_SECRET, validateStackConfig } from "../../stacks/config";
import { alarmThresholdsOf, backupCopyRegionOf } from "../../stacks/observability";
import { SECRET_PLACEHOLDER } from "../../tools/engine/stackFiles";
import { problemLines, rawConfig } from "../helpers/config";

const WEBHOOK = "https://events.pagerduty.example/integration/k3y/enqueue";

/** A config with the given changes, the webhook stored as a secret. */
const withSecret = (changes: Record<string, string | undefined>) =>
  rawConfig(changes, { secretKeys: ["alertWebhookUrl"] });

function valid(changes: Record<string, string | undefined> = {}, region = "eu-west-1") {
  const result = validateStackConfig(rawConfig(changes, { region }));
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  return result.config;
}

describe("observability config", () => {
  it("takes alarm thresholds and backup settings from the tier, and the stack's own where set", () => {
    const dev = valid();
    assert.deepStrictEqual(
      [dev.alarmCpuPercent, dev.backupRetentionDays, dev.backupVaultLock, dev.backupCrossRegionCopy],
      [90, 7, "none", false],
    );
    const prod = valid({ tier: "prod", alarmCpuPercent: "70", backupRetentionDays: "90" });
    assert.deepStrictEqual(
      [prod.alarmCpuPercent, prod.alarmAlb5xxPercent, prod.backupRetentionDays, prod.backupVaultLock],
      [70, 2, 90, "compliance"],
    );
    assert.deepStrictEqual(alarmThresholdsOf(prod), {
      alb5xxPercent: 2,
      albResponseTimeMs: 1000,
      cpuPercent: 70,
      memoryPercent: 80,
      replicaLagSeconds: 60,
      dbConnectionsPercent: 80,
      cacheEvictions: 100,
      queueAgeSeconds: 900,
      wafBlockedRequests: 500,
    });
  });

  it("names the key, the value and the range of a bad threshold", () => {
    assert.deepStrictEqual(problemLines(rawConfig({ alarmCpuPercent: "150", alarmQueueAgeSeconds: "10" })), [
      "platform:alarmCpuPercent: got 150; maximum is 100",
      "platform:alarmQueueAgeSeconds: got 10; minimum is 60",
    ]);
    assert.deepStrictEqual(problemLines(rawConfig({ backupVaultLock: "legal-hold" })), [
      'platform:backupVaultLock: got "legal-hold"; allowed values: "none", "governance", "compliance"',
    ]);
  });

  describe("the alert webhook", () => {
    it("must be stored as a secret", () => {
      assert.deepStrictEqual(problemLines(rawConfig({ alertWebhookUrl: WEBHOOK })), [
        "platform:alertWebhookUrl: is a secret; set it with pulumi config set --secret platform:alertWebhookUrl <value>",
      ]);
    });

    it("must be an https URL, and a bad one is reported without echoing it", () => {
      const lines = problemLines(withSecret({ alertWebhookUrl: "http://hooks.example/T0/secret-token" }));
      assert.deepStrictEqual(lines, [
        "platform:alertWebhookUrl: the secret value is not valid; expected an https:// URL of a chat or paging tool that confirms SNS subscriptions itself (PagerDuty, Opsgenie)",
      ]);
      assert.ok(!lines.join("").includes("secret-token"));
    });

    it("is accepted as a secret, and as the placeholder of a secret the offline plan cannot decrypt", () => {
      const result = validateStackConfig(withSecret({ alertWebhookUrl: WEBHOOK }));
      assert.ok(result.ok && result.config.alertWebhookUrl === WEBHOOK);
      assert.strictEqual(UNDECRYPTED_SECRET, SECRET_PLACEHOLDER, "config.ts and the offline plan agree");
      assert.ok(validateStackConfig(withSecret({ alertWebhookUrl: SECRET_PLACEHOLDER })).ok);
    });
  });

  describe("the backup copy", () => {
    it("defaults to the partner region, which the organization's guardrails must allow", () => {
      const prod = valid({ tier: "prod" });
      assert.strictEqual(backupCopyRegionOf(prod), "eu-central-1");
      assert.ok(prod.organization.allowedRegions.includes("eu-central-1"));
      const dev = valid();
      assert.strictEqual(backupCopyRegionOf(dev), undefined);
    });

    it("needs a region where the stack's has no partner", () => {
      assert.deepStrictEqual(problemLines(rawConfig({ tier: "prod" }, { region: "eu-west-2" })), [
        "platform:backupCopyRegion: is required when platform:backupCrossRegionCopy is true (the prod default): eu-west-2 has no partner region in its jurisdiction to default to; name the region backups are copied to",
      ]);
    });

    it("must be another region than the stack's, and one the guardrails allow", () => {
      assert.deepStrictEqual(problemLines(rawConfig({ tier: "prod", backupCopyRegion: "eu-west-1" })), [
        `platform:backupCopyRegion: got "eu-west-1", the stack's own region; copies go to a second region, so that losing one keeps them`,
      ]);
      const allowing = (regions: string[]) => (changes: Record<string, string>) => {
        const raw = rawConfig(changes);
        return { ...raw, organization: { ...raw.organization!, allowedRegions: regions } };
      };
      assert.deepStrictEqual(problemLines(allowing(["eu-west-1", "us-east-1"])({ tier: "prod" })), [
        'platform:backupCopyRegion: "eu-central-1" (the default for eu-west-1); the organization\'s guardrails deny regions outside organization:allowedRegions (eu-west-1, us-east-1): add it there, or copy to one of those',
      ]);
      assert.deepStrictEqual(
        problemLines(
          allowing(["eu-west-1", "eu-central-1"])({ tier: "prod", backupCopyRegion: "us-east-1" }),
        ),
        [
          'platform:backupCopyRegion: got "us-east-1"; the organization\'s guardrails deny regions outside organization:allowedRegions (eu-west-1, eu-central-1): add it there, or copy to one of those',
        ],
      );
    });

    it("is only set where copies are on", () => {
      assert.deepStrictEqual(problemLines(rawConfig({ backupCopyRegion: "eu-central-1" })), [
        'platform:backupCopyRegion: got "eu-central-1", but platform:backupCrossRegionCopy is false (the dev default); set it to true to copy backups there, or remove the region',
      ]);
      assert.ok(validateStackConfig(rawConfig({ backupCrossRegionCopy: "true" })).ok, "dev may copy too");
    });
  });
});

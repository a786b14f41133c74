/** The names a stack file may use: unknown keys and namespaces, provider settings, moved keys; and how problems read. */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { z } from "zod";

import { CONFIG_KEYS, RawStackConfig } from "../../stacks/config";
import { ConfigModel, key, parseKeys, runValidation } from "../../stacks/config/engine";
import { MOVED_KEYS, movedTo, NAMESPACES, providerConfigKeys } from "../../stacks/config/namespaces";
import { readStackFiles } from "../../tools/engine/stackFiles";
import { problemLines, rawConfig } from "../helpers/config";

/** The problems of the base config with these other keys set. */
function otherKeyProblems(...otherKeys: string[]): string[] {
  return problemLines(rawConfig({}, { otherKeys: ["aws:region", ...otherKeys] }));
}

const EXPLICIT =
  "the program builds its providers explicitly (pulumi:disable-default-providers), and an explicit provider takes only the arguments the program passes, not the stack's provider settings";

describe("config names", () => {
  it("accepts the namespaces and keys the program reads", () => {
    assert.deepStrictEqual(
      otherKeyProblems(
        "pulumi:disable-default-providers",
        "mongodbatlas:publicKey",
        "confluentcloud:cloudApiSecret",
      ),
      [],
    );
  });

  it("names a near miss of the platform's namespace, with the key it likely meant", () => {
    assert.deepStrictEqual(otherKeyProblems("platfrom:azCount"), [
      'platfrom:azCount: unknown namespace "platfrom"; the program reads the namespaces platform, aws, mongodbatlas, confluentcloud, pulumi, and ignores every other key; did you mean platform:azCount?',
    ]);
    assert.deepStrictEqual(otherKeyProblems("platfrom:azCuont"), [
      'platfrom:azCuont: unknown namespace "platfrom"; the program reads the namespaces platform, aws, mongodbatlas, confluentcloud, pulumi, and ignores every other key; did you mean platform:azCount?',
    ]);
    assert.deepStrictEqual(otherKeyProblems("mongodbatls:publicKey"), [
      'mongodbatls:publicKey: unknown namespace "mongodbatls"; the program reads the namespaces platform, aws, mongodbatlas, confluentcloud, pulumi, and ignores every other key; did you mean mongodbatlas:publicKey?',
    ]);
    assert.deepStrictEqual(otherKeyProblems("myapp:flag"), [
      'myapp:flag: unknown namespace "myapp"; the program reads the namespaces platform, aws, mongodbatlas, confluentcloud, pulumi, and ignores every other key',
    ]);
  });

  it("refuses an unknown aws: key with the nearest one, and a provider setting the program does not read", () => {
    assert.deepStrictEqual(otherKeyProblems("aws:regoin"), [
      "aws:regoin: unknown key; did you mean aws:region? the program reads aws:region in this namespace",
    ]);
    assert.deepStrictEqual(otherKeyProblems("aws:profile"), [
      `aws:profile: is a setting of the aws provider, but the program does not read it: ${EXPLICIT}; give credentials through the environment (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...), or ask for a platform: key`,
    ]);
    assert.deepStrictEqual(otherKeyProblems("confluentcloud:endpoint"), [
      `confluentcloud:endpoint: is a setting of the confluentcloud provider, but the program does not read it: ${EXPLICIT}, and it passes only the Cloud API key and secret`,
    ]);
  });

  it("knows the aws: keys from the provider's config typings, the same the provider's module exports", () => {
    const fromTypings = providerConfigKeys("@pulumi/aws");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fromModule = Object.keys(require("@pulumi/aws/config/vars") as object);
    assert.deepStrictEqual([...fromTypings].sort(), fromModule.sort());
    assert.ok(fromTypings.includes("region") && fromTypings.includes("assumeRoles"));
    assert.deepStrictEqual(NAMESPACES.aws.known?.(), fromTypings);
  });

  it("suggests the nearest platform key for an unknown one", () => {
    assert.deepStrictEqual(problemLines(rawConfig({ azCuont: "3" })), [
      "platform:azCuont: unknown key; did you mean platform:azCount? see docs/config.md for the keys a stack can set",
    ]);
  });

  it("tells where a moved key is set now, from the table of moved keys", () => {
    const raw: RawStackConfig = { stack: "dev", region: "eu-west-1", values: { oldKey: "1", tier: "dev" } };
    const keys = { tier: key({ kind: "string", required: true, schema: z.string(), description: "tier" }) };
    const moved = { oldKey: movedTo("organization", "organization/Pulumi.organization.yaml") };
    assert.deepStrictEqual(parseKeys(raw, keys, { moved }).problems, [
      {
        key: "platform:oldKey",
        message:
          "moved to the organization program: set it in organization/Pulumi.organization.yaml (and remove it here)",
      },
    ]);
    assert.deepStrictEqual(
      parseKeys(raw, keys).problems.map((p) => p.message),
      ["unknown key; see docs/config.md for the keys a stack can set"],
    );
  });

  it("keeps the table of moved keys apart from the keys the program reads, and names where each went", () => {
    assert.deepStrictEqual(
      Object.keys(MOVED_KEYS).filter((k) => k in CONFIG_KEYS),
      [],
    );
    assert.ok(Object.keys(MOVED_KEYS).includes("securityAccountId"));
    assert.deepStrictEqual(problemLines(rawConfig({ securityAccountId: "555555555555" })), [
      "platform:securityAccountId: moved to the organization program: set it in organization/Pulumi.organization.yaml (organization:securityAccount) (and remove it here)",
    ]);
  });
});

describe("config problems", () => {
  it("reports one address given for alertEmails as a type problem only", () => {
    assert.deepStrictEqual(problemLines(rawConfig({ alertEmails: "platform-alerts@acme-platform.com" })), [
      'platform:alertEmails: got "platform-alerts@acme-platform.com"; expected array',
    ]);
  });

  it("still reports a list's length limit on a list", () => {
    const eleven = JSON.stringify(Array.from({ length: 11 }, (_, i) => `ops${i}@example.com`));
    assert.deepStrictEqual(problemLines(rawConfig({ alertEmails: eleven })), [
      'platform:alertEmails: got ["ops0@example.com","ops1@example.com","ops2@example.com","ops3@example.com",...; allows at most 10 item(s)',
    ]);
  });

  it("reports a problem two checks find once", () => {
    const model: ConfigModel<number, number> = {
      keys: {},
      draft: () => 1,
      checks: [() => [{ key: "platform:x", message: "bad" }], () => [{ key: "platform:x", message: "bad" }]],
      resolve: (d) => d,
    };
    assert.deepStrictEqual(runValidation({ stack: "dev", region: "eu-west-1", values: {} }, model), {
      ok: false,
      problems: [{ key: "platform:x", message: "bad" }],
    });
  });

  it("names the file, line and column of a YAML syntax error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-yaml-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: platform\nruntime: nodejs\n");
    const file = path.join(dir, "Pulumi.dev.yaml");
    fs.writeFileSync(file, "config:\n  platform:tier: dev\n  platform:owner: [team\n");
    assert.throws(
      () => readStackFiles("dev", dir),
      (e: Error) =>
        e.message === `${file}:4:1: not valid YAML: unexpected end of the stream within a flow collection`,
    );
  });
});

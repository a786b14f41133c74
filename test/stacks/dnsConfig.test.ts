import * as assert from "assert";

import { validateStackConfig } from "../../stacks/config";
import { problemLines, rawConfig } from "../helpers/config";

const NO_DELEGATION = { dnsParentZoneId: undefined, dnsParentZoneRoleArn: undefined };

describe("edge config: the delegation of a created public zone", () => {
  it("accepts a created zone with its parent zone and role, and an adopted zone without them", () => {
    assert.ok(validateStackConfig(rawConfig({ dnsParentZoneName: "example.com" })).ok);
    assert.ok(validateStackConfig(rawConfig({ ...NO_DELEGATION, publicHostedZone: "Z0123456789ABC" })).ok);
  });

  it("requires the parent zone and the role when the zone is created", () => {
    assert.deepStrictEqual(problemLines(rawConfig(NO_DELEGATION)), [
      "platform:dnsParentZoneId: is required when platform:publicHostedZone is create: the id (Z...) of the parent zone the new zone is delegated from, or adopt an existing, delegated zone with publicHostedZone",
      "platform:dnsParentZoneRoleArn: is required when platform:publicHostedZone is create: the ARN of the role in the parent zone's account that may write its NS records",
    ]);
  });

  it("refuses delegation keys for an adopted zone", () => {
    assert.deepStrictEqual(problemLines(rawConfig({ publicHostedZone: "Z0123456789ABC" })), [
      'platform:dnsParentZoneId: got "Z0PARENT0EXAMPLE"; applies only when platform:publicHostedZone is create (an adopted zone is delegated already): remove it',
      'platform:dnsParentZoneRoleArn: got "arn:aws:iam::444455556666:role/dns-delegation"; applies only when platform:publicHostedZone is create (an adopted zone is delegated already): remove it',
    ]);
  });

  it("rejects a malformed zone id and role ARN", () => {
    assert.deepStrictEqual(
      problemLines(
        rawConfig({ dnsParentZoneId: "zone-1", dnsParentZoneRoleArn: "arn:aws:iam::4444:user/x" }),
      ),
      [
        'platform:dnsParentZoneId: got "zone-1"; the id of a Route 53 hosted zone (Z followed by 5 to 32 letters and digits)',
        'platform:dnsParentZoneRoleArn: got "arn:aws:iam::4444:user/x"; an IAM role ARN, arn:aws:iam::<12-digit account>:role/<name>',
      ],
    );
  });

  it("rejects a parent zone name the domain does not lie below", () => {
    assert.deepStrictEqual(problemLines(rawConfig({ dnsParentZoneName: "example.org" })), [
      'platform:dnsParentZoneName: got "example.org"; platform:domain "dev.example.com" must lie below it',
    ]);
    assert.deepStrictEqual(problemLines(rawConfig({ dnsParentZoneName: "dev.example.com" })), [
      'platform:dnsParentZoneName: got "dev.example.com"; platform:domain "dev.example.com" must lie below it',
    ]);
  });
});

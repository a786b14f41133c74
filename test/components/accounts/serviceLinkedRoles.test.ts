import * as assert from "assert";

import {
  linkedRoleArn,
  SERVICE_LINKED_ROLES,
  ServiceLinkedRoles,
} from "../../../components/accounts/serviceLinkedRoles";
import { inputs, ofType, runComponent } from "../../helpers/graph";

describe("ServiceLinkedRoles", () => {
  it("creates one role per service, kept when the stack is destroyed", async () => {
    const { resources } = await runComponent(
      () =>
        new ServiceLinkedRoles("service-roles", {
          services: ["ecs.amazonaws.com", "opensearchservice.amazonaws.com", "ecs.amazonaws.com"],
        }),
    );
    const roles = ofType(resources, "aws:iam/serviceLinkedRole:ServiceLinkedRole");
    assert.deepStrictEqual(
      roles.map((r) => [r.name, inputs(r).awsServiceName, r.retainOnDelete]),
      [
        ["slr-ecs", "ecs.amazonaws.com", true],
        ["slr-opensearchservice", "opensearchservice.amazonaws.com", true],
      ],
    );
    // No description or suffix: an existing role imports without a diff.
    assert.deepStrictEqual(Object.keys(roles[0].inputs).sort(), ["awsServiceName"]);
  });

  it("names the ARN an existing role is imported by", () => {
    assert.strictEqual(
      linkedRoleArn("210987654321", "ecs.amazonaws.com"),
      "arn:aws:iam::210987654321:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
    );
    assert.deepStrictEqual(Object.keys(SERVICE_LINKED_ROLES), [
      "ecs.amazonaws.com",
      "opensearchservice.amazonaws.com",
    ]);
  });
});

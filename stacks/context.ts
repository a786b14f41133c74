/**
 * What every builder of stacks/ gets besides its config slice (see the header of stacks/environment.ts):
 * the environment's base name, its member account and key, and where its alarms go.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { ServiceLinkedRoles } from "../components/accounts/serviceLinkedRoles";
import { AlarmWiring } from "../components/shared/alarms";

/** The environment's shared things, built once in stacks/environment.ts and handed to every builder. */
export interface EnvironmentContext {
  /** `<namePrefix>-<env>` (environmentBaseName, stacks/config/core.ts). */
  readonly baseName: string;
  /** The member account's id. */
  readonly accountId: pulumi.Input<string>;
  /** The member account's provider. */
  readonly provider: aws.Provider;
  /** Options that build inside the member account (through its provider). */
  readonly inAccount: pulumi.ComponentResourceOptions;
  /** The environment key's ARN. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** The alert topic and the stack's thresholds: where every component's alarms go. */
  readonly alarms: AlarmWiring;
  /** The account's service-linked roles: a resource of such a service is created after its role. */
  readonly linkedRoles: ServiceLinkedRoles;
}

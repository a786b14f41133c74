import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Instances tagged `PatchGroup=<this>` are patched by the window below (the VPN server carries it). */
export const PATCH_GROUP = "vpn";

export interface PatchingArgs {
  accountId: pulumi.Input<string>;
  /** When patches are installed (EventBridge-style cron, UTC). Default: Sundays 03:00. */
  schedule?: string;
}

/**
 * Keeping the one public instance patched: an SSM patch baseline for Amazon Linux 2023 (security and bug
 * fixes, auto-approved after 7 days; critical security fixes at once) and a weekly maintenance window that
 * installs them on instances of the patch group (rebooting if needed, one at a time). Amazon Inspector's
 * scanning of the account is the organization's (its delegated administrator enables it per account:
 * components/organization/securityServices.ts).
 */
export class Patching extends pulumi.ComponentResource {
  readonly baselineId: pulumi.Output<string>;
  readonly windowId: pulumi.Output<string>;

  constructor(name: string, args: PatchingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:access:Patching", name, {}, opts);
    const parent = { parent: this };

    const baseline = new aws.ssm.PatchBaseline(
      `${name}-baseline`,
      {
        operatingSystem: "AMAZON_LINUX_2023",
        description: "Security and bug fixes for Amazon Linux 2023",
        approvedPatchesComplianceLevel: "HIGH",
        approvalRules: [
          {
            approveAfterDays: 0,
            complianceLevel: "CRITICAL",
            patchFilters: [
              { key: "CLASSIFICATION", values: ["Security"] },
              { key: "SEVERITY", values: ["Critical"] },
            ],
          },
          {
            approveAfterDays: 7,
            complianceLevel: "HIGH",
            patchFilters: [{ key: "CLASSIFICATION", values: ["Security", "Bugfix"] }],
          },
        ],
      },
      parent,
    );
    new aws.ssm.PatchGroup(`${name}-group`, { baselineId: baseline.id, patchGroup: PATCH_GROUP }, parent);

    const window = new aws.ssm.MaintenanceWindow(
      `${name}-window`,
      { schedule: args.schedule ?? "cron(0 3 ? * SUN *)", scheduleTimezone: "UTC", duration: 3, cutoff: 1 },
      parent,
    );
    const target = new aws.ssm.MaintenanceWindowTarget(
      `${name}-targets`,
      {
        windowId: window.id,
        resourceType: "INSTANCE",
        targets: [{ key: "tag:PatchGroup", values: [PATCH_GROUP] }],
      },
      parent,
    );
    new aws.ssm.MaintenanceWindowTask(
      `${name}-install`,
      {
        windowId: window.id,
        taskType: "RUN_COMMAND",
        taskArn: "AWS-RunPatchBaseline",
        priority: 1,
        maxConcurrency: "1",
        maxErrors: "1",
        targets: [{ key: "WindowTargetIds", values: [target.id] }],
        taskInvocationParameters: {
          runCommandParameters: {
            parameters: [
              { name: "Operation", values: ["Install"] },
              { name: "RebootOption", values: ["RebootIfNeeded"] },
            ],
          },
        },
      },
      parent,
    );

    this.baselineId = baseline.id;
    this.windowId = window.id;
    this.registerOutputs({ baselineId: this.baselineId, windowId: this.windowId });
  }
}

/** Tags every resource of an environment carries (applied as the member provider's default tags). */
export interface TagArgs {
  readonly project: string;
  readonly env: string;
  readonly owner: string;
  readonly costCentre: string;
}

export function environmentTags(args: TagArgs): Record<string, string> {
  return {
    project: args.project,
    environment: args.env,
    owner: args.owner,
    "cost-centre": args.costCentre,
    "managed-by": "pulumi",
  };
}

/**
 * The tag on a key that encrypts ECS Exec sessions: Identity Center's on-call permission set, written by the
 * organization before any environment key exists, grants the session's data key on the keys of the
 * environment's account that carry it (KMS authorizes by `aws:ResourceTag`,
 * https://docs.aws.amazon.com/kms/latest/developerguide/tag-authorization.html). Tagging a key with it
 * grants access: only the platform's deploy role tags keys.
 */
export const EXEC_KEY_TAG = "platform:ecs-exec";

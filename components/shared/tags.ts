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

/**
 * The Organization's shared container registry, in the shared-services account: the repositories of the
 * platform's and the app teams' images, pulled by the environment accounts and pushed by CI.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, githubSubject, githubTrust } from "../access/trust";
import { administerThroughIam, useThroughServices } from "../accounts/keyPolicy";
import { REPOSITORY_LIFECYCLE_RULES } from "../compute/serviceImage";
import { physicalName } from "../shared/naming";
import { interpolateKnown, policyJson, Statement } from "../shared/policies";

/** The actions of an image pull (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html). */
export const PULL_ACTIONS = [
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
  "ecr:BatchCheckLayerAvailability",
];

/** The actions of an image push (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html). */
export const PUSH_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:InitiateLayerUpload",
  "ecr:UploadLayerPart",
  "ecr:CompleteLayerUpload",
  "ecr:PutImage",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
];

/**
 * The policy of every repository: the environment accounts may pull, and nothing else. Each account's
 * principals pull as the account allows them (ECS task execution roles); Lambda pulls a container image
 * of a function in another account only when the repository also lets `lambda.amazonaws.com` pull for
 * that account's functions
 * (https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-xaccount-permissions).
 */
export function registryPullStatements(accountIds: readonly pulumi.Input<string>[]): Statement[] {
  if (accountIds.length === 0) {
    return [];
  }
  return [
    {
      Sid: "EnvironmentAccountsPull",
      Effect: "Allow",
      Principal: { AWS: accountIds.map((id) => interpolateKnown`arn:aws:iam::${id}:root`) },
      Action: PULL_ACTIONS,
    },
    {
      Sid: "LambdaPullForEnvironmentAccounts",
      Effect: "Allow",
      Principal: { Service: "lambda.amazonaws.com" },
      Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Condition: {
        StringLike: {
          "aws:sourceArn": accountIds.map((id) => interpolateKnown`arn:aws:lambda:*:${id}:function:*`),
        },
      },
    },
  ];
}

/**
 * The registry key's policy. The shared-services account administers it through IAM, and its principals
 * may use it only through ECR in the Region. That is all cross-account pulls need: ECR creates grants on
 * the key for the repository when the repository is created, and decrypts image layers through them when
 * anyone pulls, so the pulling accounts need no key permission
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html).
 */
export function registryKeyPolicy(accountId: pulumi.Input<string>, region: string): Statement[] {
  return [administerThroughIam(accountId), useThroughServices("UseThroughEcr", accountId, region, ["ecr"])];
}

/** What CI's role may do: authenticate to the registry and push to (and read) the given repositories. */
export function ciPushStatements(repositoryArns: pulumi.Input<string>[]): Statement[] {
  return [
    // GetAuthorizationToken is not resource-scoped (https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html).
    { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    { Sid: "PushImages", Effect: "Allow", Action: PUSH_ACTIONS, Resource: repositoryArns },
  ];
}

/**
 * What ECR may do with a creation template's role: create the replicated repositories of the registry's
 * prefix and have KMS grants made for them (the user guide's policy, the repositories scoped to the prefix).
 */
export function templateRoleStatements(accountId: pulumi.Input<string>, namePrefix: string): Statement[] {
  return [
    {
      Sid: "CreateReplicatedRepositories",
      Effect: "Allow",
      Action: ["ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"],
      Resource: pulumi.interpolate`arn:aws:ecr:*:${accountId}:repository/${namePrefix}/*`,
    },
    {
      Sid: "EncryptThroughEcr",
      Effect: "Allow",
      Action: ["kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"],
      Resource: "*",
    },
  ];
}

/** A GitHub repository whose workflows push images. */
export interface CiRepository {
  /** `owner/name`. */
  repository: string;
  /** The branch whose workflow runs may push (the token's `sub` is `repo:<repository>:ref:refs/heads/<branch>`). Default: `main`. */
  defaultBranch?: string;
}

export interface SharedRegistryArgs {
  /** Provider of the shared-services account, where the registry lives. */
  sharedServices: aws.Provider;
  /** Id of the shared-services account. */
  accountId: pulumi.Input<string>;
  /** Region of the registry (the provider's). */
  region: string;
  /** Prefix of physical names, e.g. `platform`; every repository is named `<namePrefix>/<name>`. */
  namePrefix: string;
  /** Names of the repositories, one per image (`orders`, `team-a/web`). */
  repositories: readonly string[];
  /** Ids of the environment accounts that may pull every image; no other account may. */
  pullAccountIds: readonly pulumi.Input<string>[];
  /**
   * Regions the registry replicates the repositories to (in the same account), with a repository creation
   * template in each so that replicated repositories get the same pull policy, lifecycle and immutable
   * tags. Empty: no replication. The component then owns the registry's replication configuration.
   */
  replicationRegions?: readonly string[];
  /** GitHub repositories whose default-branch workflows push images through the CI role. */
  ciRepositories: readonly CiRepository[];
  /**
   * ARN of GitHub's OIDC provider if the account already has one (an account holds one per URL). Default:
   * the provider is created.
   */
  existingGithubOidcProviderArn?: pulumi.Input<string>;
  /** Mark the key and the repositories `protect`. Default: true. */
  protect?: boolean;
}

/**
 * The shared registry: a KMS key, one ECR repository per name (immutable tags, scan on push, the key, the
 * platform's lifecycle rules, a policy that lets the environment accounts pull), optional replication to
 * other Regions, and CI's push role trusted by the given GitHub repositories' default branches.
 */
export class SharedRegistry extends pulumi.ComponentResource {
  /** `<account>.dkr.ecr.<region>.amazonaws.com`. */
  readonly registryUrl: pulumi.Output<string>;
  /** Repository URL by the given name. */
  readonly repositoryUrls: Record<string, pulumi.Output<string>>;
  readonly repositories: Record<string, aws.ecr.Repository>;
  readonly ciRoleArn: pulumi.Output<string>;
  readonly keyArn: pulumi.Output<string>;

  constructor(name: string, args: SharedRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:organization:SharedRegistry", name, {}, opts);
    const parent = { parent: this, provider: args.sharedServices };
    const protect = args.protect ?? true;
    if (args.ciRepositories.length === 0) {
      throw new Error(
        `shared registry ${name}: ciRepositories is empty; list the GitHub repositories that push`,
      );
    }
    const duplicates = args.repositories.filter((r, i) => args.repositories.indexOf(r) !== i);
    if (duplicates.length > 0) {
      throw new Error(`shared registry ${name}: repositories listed twice: ${duplicates.join(", ")}`);
    }

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: "Shared container registry",
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: 30,
        policy: policyJson(registryKeyPolicy(args.accountId, args.region)),
      },
      { ...parent, protect },
    );
    new aws.kms.Alias(
      `${name}-key-alias`,
      { name: `alias/${physicalName([args.namePrefix, "registry"], 250)}`, targetKeyId: key.keyId },
      parent,
    );
    this.keyArn = key.arn;

    const lifecycle = JSON.stringify({ rules: REPOSITORY_LIFECYCLE_RULES });
    const pullPolicy = policyJson(registryPullStatements(args.pullAccountIds));
    this.repositories = {};
    this.repositoryUrls = {};
    for (const repo of args.repositories) {
      const slug = repo.replace(/[^a-z0-9-]/g, "-");
      const repository = new aws.ecr.Repository(
        `${name}-${slug}`,
        {
          name: `${args.namePrefix}/${repo}`,
          imageTagMutability: "IMMUTABLE",
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }],
          forceDelete: false,
        },
        { ...parent, protect },
      );
      new aws.ecr.LifecyclePolicy(
        `${name}-${slug}-lifecycle`,
        { repository: repository.name, policy: lifecycle },
        parent,
      );
      if (args.pullAccountIds.length > 0) {
        new aws.ecr.RepositoryPolicy(
          `${name}-${slug}-pull`,
          { repository: repository.name, policy: pullPolicy },
          parent,
        );
      }
      this.repositories[repo] = repository;
      this.repositoryUrls[repo] = repository.repositoryUrl;
    }

    const regions = args.replicationRegions ?? [];
    if (regions.length > 0) {
      // Replicated repositories are created by ECR with the settings of a creation template in their
      // Region, not the source's policies (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html;
      // a lifecycle policy acts only in its own Region: https://docs.aws.amazon.com/AmazonECR/latest/userguide/lp_creation.html).
      // The template encrypts with ECR's AWS managed key (a customer key would need a key in every Region),
      // through the custom role ECR's user guide asks for when a template uses KMS or tags
      // (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-create.html,
      // permissions from https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-custom.html).
      const templateRole = new aws.iam.Role(
        `${name}-replica-creation`,
        {
          description: "ECR creates replicated repositories from the registry's creation templates",
          assumeRolePolicy: policyJson([
            { Effect: "Allow", Principal: { Service: "ecr.amazonaws.com" }, Action: "sts:AssumeRole" },
          ]),
        },
        parent,
      );
      const templatePolicy = new aws.iam.RolePolicy(
        `${name}-replica-creation`,
        {
          role: templateRole.id,
          policy: policyJson(templateRoleStatements(args.accountId, args.namePrefix)),
        },
        parent,
      );
      const templates = regions.map(
        (region) =>
          new aws.ecr.RepositoryCreationTemplate(
            `${name}-replica-${region}`,
            {
              region,
              prefix: args.namePrefix,
              appliedFors: ["REPLICATION"],
              customRoleArn: templateRole.arn,
              description: `Repositories replicated from ${args.region}`,
              imageTagMutability: "IMMUTABLE",
              encryptionConfigurations: [{ encryptionType: "KMS" }],
              lifecyclePolicy: lifecycle,
              ...(args.pullAccountIds.length > 0 ? { repositoryPolicy: pullPolicy } : {}),
            },
            { ...parent, dependsOn: [templatePolicy] },
          ),
      );
      new aws.ecr.ReplicationConfiguration(
        `${name}-replication`,
        {
          replicationConfiguration: {
            rules: [
              {
                destinations: regions.map((region) => ({ region, registryId: args.accountId })),
                repositoryFilters: [{ filter: `${args.namePrefix}/`, filterType: "PREFIX_MATCH" }],
              },
            ],
          },
        },
        { ...parent, dependsOn: templates },
      );
    }

    const providerArn =
      args.existingGithubOidcProviderArn ??
      new aws.iam.OpenIdConnectProvider(
        `${name}-github`,
        { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: [GITHUB_OIDC_AUDIENCE] },
        parent,
      ).arn;
    const ciRole = new aws.iam.Role(
      `${name}-ci`,
      {
        name: physicalName([args.namePrefix, "registry-push"], 64),
        description:
          "Pushes images to the shared registry from the default branch of the listed repositories",
        assumeRolePolicy: policyJson(
          githubTrust(
            providerArn,
            args.ciRepositories.map((r) => githubSubject.branch(r.repository, r.defaultBranch ?? "main")),
          ),
        ),
        maxSessionDuration: 3600,
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-ci-push`,
      {
        role: ciRole.id,
        policy: policyJson(ciPushStatements(Object.values(this.repositories).map((r) => r.arn))),
      },
      parent,
    );
    this.ciRoleArn = ciRole.arn;
    this.registryUrl = pulumi.interpolate`${args.accountId}.dkr.ecr.${args.region}.amazonaws.com`;

    this.registerOutputs({
      registryUrl: this.registryUrl,
      repositoryUrls: this.repositoryUrls,
      ciRoleArn: this.ciRoleArn,
      keyArn: this.keyArn,
    });
  }
}

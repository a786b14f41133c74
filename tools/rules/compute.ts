/** ECR, ECS, Lambda, EventBridge Scheduler, Auto Scaling groups. */
import { ApiCoverage, combination, length, nameRules, pattern } from "./rule";

const CREATE_REPO = "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html";
const CREATE_TEMPLATE =
  "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepositoryCreationTemplate.html";
const CREATE_CLUSTER = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html";
const CREATE_SERVICE = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html";
const REGISTER_TASK =
  "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html";
const CREATE_FUNCTION = "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html";
const CREATE_SCHEDULE = "https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html";
const CREATE_ASG = "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html";

const ECS_NAME = /^[a-zA-Z0-9_-]+$/;
const ECS_NAME_TEXT = "uses only letters, digits, hyphens and underscores";

export const REPOSITORY: ApiCoverage = {
  rules: nameRules(
    "ecr-repository-name",
    {
      property: "name",
      auto: true,
      min: 2,
      max: 256,
      regex: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
      text: "is lower-case path components of a-z, 0-9 separated by single '.', '_' or '-', joined by '/'",
    },
    CREATE_REPO,
  ),
};

/**
 * A repository creation template's prefix: a repository namespace (repository-name path components; ECR
 * assumes a trailing '/') or `ROOT`; its description up to 256 characters.
 */
export const REPOSITORY_TEMPLATE: ApiCoverage = {
  rules: [
    length("ecr-template-prefix-length", { property: "prefix", max: 256 }, CREATE_TEMPLATE),
    pattern(
      "ecr-template-prefix-chars",
      {
        property: "prefix",
        regex: /^(?:ROOT|(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\/?)$/,
        text: "is ROOT or lower-case path components of a-z, 0-9 separated by single '.', '_' or '-', joined by '/'",
      },
      CREATE_TEMPLATE,
    ),
    length("ecr-template-description-length", { property: "description", min: 0, max: 256 }, CREATE_TEMPLATE),
  ],
};

export const CLUSTER: ApiCoverage = {
  rules: nameRules(
    "ecs-cluster-name",
    { property: "name", auto: true, max: 255, regex: ECS_NAME, text: ECS_NAME_TEXT },
    CREATE_CLUSTER,
  ),
};

export const SERVICE: ApiCoverage = {
  rules: nameRules(
    "ecs-service-name",
    { property: "name", auto: true, max: 255, regex: ECS_NAME, text: ECS_NAME_TEXT },
    CREATE_SERVICE,
  ),
};

export const TASK_DEFINITION: ApiCoverage = {
  rules: nameRules(
    "ecs-task-family",
    { property: "family", max: 255, regex: ECS_NAME, text: ECS_NAME_TEXT },
    REGISTER_TASK,
  ),
};

export const FUNCTION: ApiCoverage = {
  rules: [
    ...nameRules(
      "lambda-function-name",
      {
        property: "name",
        auto: true,
        max: 64,
        regex: /^[a-zA-Z0-9_-]+$/,
        text: "uses only letters, digits, '-' and '_'",
      },
      CREATE_FUNCTION,
    ),
    length(
      "lambda-function-description-length",
      { property: "description", min: 0, max: 256 },
      CREATE_FUNCTION,
    ),
    combination(
      "lambda-image-no-runtime",
      "an image function (packageType Image) takes no runtime, handler or layers",
      CREATE_FUNCTION,
      (i) =>
        i.packageType === "Image"
          ? ["runtime", "handler", "layers"]
              .filter((k) => i[k] !== undefined && i[k] !== null)
              .map((k) => ({ property: k, value: `${JSON.stringify(i[k])} with packageType Image` }))
          : [],
    ),
  ],
};

export const SCHEDULE: ApiCoverage = {
  rules: [
    ...nameRules(
      "scheduler-schedule-name",
      {
        property: "name",
        auto: true,
        max: 64,
        regex: /^[0-9a-zA-Z\-_.]+$/,
        text: "uses only 0-9, a-z, A-Z, '-', '_' and '.'",
      },
      CREATE_SCHEDULE,
    ),
    length(
      "scheduler-schedule-description-length",
      { property: "description", min: 0, max: 512 },
      CREATE_SCHEDULE,
    ),
  ],
};

export const AUTOSCALING_GROUP: ApiCoverage = {
  rules: [length("autoscaling-group-name-length", { property: "name", auto: true, max: 255 }, CREATE_ASG)],
};

/**
 * What runs and what fronts it: the public zone, the WAF, the load balancers and the partner API, the
 * ECS capacity and the services with their queues.
 */
import { z } from "zod";

import { serviceProblems, servicesSchema } from "../../components/compute/serviceSpec";
import { cognitoDomainProblem } from "../../components/edge/identity";
import { ConfigProblem, fullKey, key } from "./engine";
import type { ConfigCheck } from "./index";

export const COMPUTE_KEYS = {
  publicHostedZone: key({
    kind: "string",
    default: "create",
    schema: z
      .string()
      .regex(/^(create|Z[A-Z0-9]{5,32})$/, "create, or the id of an existing public hosted zone (Z...)"),
    description:
      "Public hosted zone of `domain`: `create` one (then delegate it from the parent zone), or the id of an existing zone to adopt.",
  }),
  // A hosted zone id is at most 32 characters (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HostedZone.html);
  // a role ARN is arn:<partition>:iam::<account>:role/<path><name>, the name of [\w+=,.@-]
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
  dnsParentZoneId: key({
    kind: "string",
    schema: z
      .string()
      .regex(
        /^Z[A-Z0-9]{5,32}$/,
        "the id of a Route 53 hosted zone (Z followed by 5 to 32 letters and digits)",
      ),
    description:
      "The parent zone a created public zone is delegated from (its NS records are written there, and the certificates wait for them). Required when `publicHostedZone` is `create`; unused when it adopts a zone.",
  }),
  dnsParentZoneRoleArn: key({
    kind: "string",
    schema: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/,
        "an IAM role ARN, arn:aws:iam::<12-digit account>:role/<name>",
      ),
    description:
      "The role, in the account that holds `dnsParentZoneId` (the shared-services or organization account), that the stack assumes to write the delegation: it needs route53:ChangeResourceRecordSets, GetChange, GetHostedZone and ListResourceRecordSets on that zone, and must trust the stack's deploying principals. Required with `dnsParentZoneId`.",
  }),
  dnsParentZoneName: key({
    kind: "string",
    schema: z
      .string()
      .regex(
        /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$/,
        "a DNS name in lower case, such as example.com",
      ),
    description:
      "The parent zone's DNS name, checked before anything is registered: `domain` must be directly or deeper below it. Optional.",
  }),
  wafRateLimit: key({
    kind: "integer",
    default: 2000,
    schema: z.number().int().min(10).max(2_000_000_000),
    description:
      "Requests one client IP may send in 5 minutes before the public WAF blocks it (10..2000000000).",
  }),
  albDeletionProtection: key({
    kind: "boolean",
    tierDefault: { dev: false, stage: false, prod: true },
    schema: z.boolean(),
    description: "Turn on deletion protection of the public and internal load balancers.",
  }),
  partnerApi: key({
    kind: "boolean",
    default: false,
    schema: z.boolean(),
    description:
      "Create the partner API: an API Gateway HTTP API on `partners.<domain>` with a JWT authorizer, throttling and a VPC link to the internal ALB.",
  }),
  partnerApiRateLimit: key({
    kind: "integer",
    default: 100,
    schema: z.number().int().min(1).max(10000),
    description: "Steady requests per second the partner API accepts across all partners (1..10000).",
  }),
  partnerApiBurstLimit: key({
    kind: "integer",
    default: 200,
    schema: z.number().int().min(1).max(5000),
    description: "Burst of requests the partner API accepts across all partners (1..5000).",
  }),
  fargateBaseTasks: key({
    kind: "integer",
    tierDefault: { dev: 0, stage: 1, prod: 2 },
    schema: z.number().int().min(0).max(100),
    description:
      "Tasks of each service that always run on regular Fargate before any go to Fargate Spot (0..100).",
  }),
  fargateSpotPercent: key({
    kind: "integer",
    tierDefault: { dev: 100, stage: 50, prod: 0 },
    schema: z.number().int().min(0).max(100),
    description:
      "Share of each service's tasks beyond the base that run on Fargate Spot, in percent (0..100).",
  }),
  ecsExec: key({
    kind: "boolean",
    tierDefault: { dev: true, stage: true, prod: false },
    schema: z.boolean(),
    description:
      "Allow ECS Exec into service tasks; sessions are encrypted with the environment key and logged.",
  }),
  defaultMinTasks: key({
    kind: "integer",
    tierDefault: { dev: 1, stage: 2, prod: 3 },
    schema: z.number().int().min(1).max(100),
    description: "Tasks an api or worker service keeps at least unless it sets `minTasks` (1..100).",
  }),
  services: key({
    kind: "array",
    tierDefault: { dev: [], stage: [], prod: [] },
    schema: servicesSchema,
    description:
      "Services the environment runs: name, modes (api, worker, cron), image, paths, sizes, schedules, queues, secrets. See the README.",
  }),
};

/** The services: modes, images, sizes, schedules, queues, paths and listener priorities. */
const checkServices: ConfigCheck = (draft) => {
  if (draft.services === undefined || draft.defaultMinTasks === undefined) {
    return [];
  }
  const haGateway = draft.tier !== undefined && draft.tier !== "dev";
  return serviceProblems(draft.services, { minTasks: draft.defaultMinTasks, haGateway }).map((p) => ({
    key: fullKey(`services${p.at}`),
    message: p.message,
  }));
};

/** The Cognito hosted-UI prefix is derived from the domain and must avoid Cognito's reserved words. */
const checkIdentityDomain: ConfigCheck = (draft) => {
  const problem = draft.domain === undefined ? undefined : cognitoDomainProblem(draft.domain);
  return problem === undefined
    ? []
    : [{ key: fullKey("domain"), message: `got "${draft.domain}"; ${problem}` }];
};

/**
 * The delegation of a created public zone: without NS records in the parent zone, ACM's DNS validation
 * waits 75 minutes and fails. An adopted zone is delegated already, so the keys are refused there.
 */
const checkDelegation: ConfigCheck = (draft, raw) => {
  if (draft.publicHostedZone === undefined) {
    return [];
  }
  const keys = ["dnsParentZoneId", "dnsParentZoneRoleArn", "dnsParentZoneName"] as const;
  if (draft.publicHostedZone !== "create") {
    return keys
      .filter((k) => draft[k] !== undefined)
      .map((k) => ({
        key: fullKey(k),
        message: `got "${draft[k]}"; applies only when ${fullKey("publicHostedZone")} is create (an adopted zone is delegated already): remove it`,
      }));
  }
  const problems: ConfigProblem[] = [];
  // A key that is set but malformed is reported by its schema, not as missing.
  if (raw.values.dnsParentZoneId === undefined) {
    problems.push({
      key: fullKey("dnsParentZoneId"),
      message:
        `is required when ${fullKey("publicHostedZone")} is create: the id (Z...) of the parent zone the new zone is ` +
        "delegated from, or adopt an existing, delegated zone with publicHostedZone",
    });
  }
  if (raw.values.dnsParentZoneRoleArn === undefined) {
    problems.push({
      key: fullKey("dnsParentZoneRoleArn"),
      message:
        `is required when ${fullKey("publicHostedZone")} is create: the ARN of the role in the parent zone's ` +
        "account that may write its NS records",
    });
  }
  const parent = draft.dnsParentZoneName?.replace(/\.$/, "");
  if (parent !== undefined && draft.domain !== undefined && !draft.domain.endsWith(`.${parent}`)) {
    problems.push({
      key: fullKey("dnsParentZoneName"),
      message: `got "${draft.dnsParentZoneName}"; ${fullKey("domain")} "${draft.domain}" must lie below it`,
    });
  }
  return problems;
};

export const COMPUTE_CHECKS: readonly ConfigCheck[] = [checkServices, checkIdentityDomain, checkDelegation];

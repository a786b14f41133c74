/**
 * What runs and what fronts it: the public zone, the WAF, the load balancers and the partner API, the
 * ECS capacity and the services with their queues.
 */
import { z } from "zod";

import { serviceProblems, servicesSchema } from "../../components/compute/serviceSpec";
import { cognitoDomainProblem } from "../../components/edge/identity";
import { fullKey, key } from "./engine";
import type { ConfigCheck } from "./index";

export const COMPUTE_KEYS = {
  publicHostedZone: key({
    kind: "string",
    default: "create",
    schema: z
      .string()
      .regex(/^(create|Z[A-Z0-9]{5,32})$/, "create, or the id of an existing public hosted zone (Z...)"),
    description:
      "Public hosted zone of `domain`: `create` one (delegated from the organization's parent zone, whose NS record the stack writes), or the id of an existing, delegated zone to adopt.",
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
const checkServices: ConfigCheck = (draft, raw) => {
  if (draft.services === undefined || draft.defaultMinTasks === undefined) {
    return [];
  }
  const haGateway = draft.tier !== undefined && draft.tier !== "dev";
  const defaults = { minTasks: draft.defaultMinTasks, haGateway, registry: raw.organization?.registry };
  return serviceProblems(draft.services, defaults).map((p) => ({
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
 * waits 75 minutes and fails. The organization program holds the parent zone and the role that may write
 * this environment's delegation; an adopted zone is delegated already.
 */
const checkDelegation: ConfigCheck = (draft, raw) => {
  const org = raw.organization;
  if (draft.publicHostedZone !== "create" || org === undefined || draft.domain === undefined) {
    return [];
  }
  const role = org.environments[raw.stack]?.dnsDelegationRoleArn;
  const parent = org.dns?.parentZoneName;
  if (parent === undefined || role === undefined) {
    return [
      {
        key: fullKey("publicHostedZone"),
        message:
          "is create, but the organization has no parent zone to delegate it from (organization:dns in " +
          "organization/Pulumi.organization.yaml); set that, or adopt an existing, delegated zone by its id",
      },
    ];
  }
  if (!draft.domain.endsWith(`.${parent}`)) {
    return [
      {
        key: fullKey("domain"),
        message: `got "${draft.domain}"; a created zone must lie below the organization's parent zone ${parent} (or adopt the zone by id with ${fullKey("publicHostedZone")})`,
      },
    ];
  }
  return [];
};

export const COMPUTE_CHECKS: readonly ConfigCheck[] = [checkServices, checkIdentityDomain, checkDelegation];

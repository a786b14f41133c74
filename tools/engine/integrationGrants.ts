/**
 * Wirings where a role of the account acts: every grant a role's own policies name is tried end to end (the
 * role's boundary, the service control policies, the resource's policy and the key's), the services' Kafka
 * clients, on-call's ECS Exec, and every app team's boundary against the grants the platform hands the team.
 */
import { TEAM_TAG } from "../../components/access/appTeams";
import { EXEC_CHANNEL_ACTIONS, TRACE_ACTIONS } from "../../components/compute/servicePolicies";
import { AccessRequest, NamedPolicy } from "./iamEvaluator";
import { Hop, Integration, regionOf } from "./integrationModel";
import { RecordedResource } from "./mockEngine";
import { PlanView } from "./planView";

const IAM_EVAL = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html";
const KMS_VIA =
  "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service";
const ECS_EXEC = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html";
const MSK_IAM = "https://docs.aws.amazon.com/msk/latest/developerguide/iam-access-control.html";

interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** Actions that support no resource-level permission (Resource "*" is their only resource). */
const WILDCARD_ONLY = new Set(
  [...TRACE_ACTIONS, ...EXEC_CHANNEL_ACTIONS, "ecr:GetAuthorizationToken", "logs:DescribeLogGroups"].map(
    (a) => a.toLowerCase(),
  ),
);

const list = (v: unknown): string[] =>
  v === undefined
    ? []
    : (Array.isArray(v) ? v : [v]).map((x) => (typeof x === "string" ? x : JSON.stringify(x)));

/**
 * A concrete resource a pattern names (a wildcard stands for one name): a log group's `:*` stands for one
 * of its streams, an ECS task's `task/*` for a task of a cluster.
 */
const sample = (pattern: string): string =>
  pattern
    .replace(/(:log-group:[^:*]+):\*$/, "$1:log-stream:example")
    .replace(/:task\/\*$/, ":task/example/0123456789abcdef0123456789abcdef")
    .replace(/\*/g, "example")
    .replace(/\?/g, "x");

/** The condition keys that make a statement's own conditions hold: the grant is tried as it is meant. */
function contextOf(s: Statement): Record<string, string> {
  const context: Record<string, string> = {};
  for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
    if (/Not|IfExists|ForAnyValue|ForAllValues|Null/.test(operator)) {
      continue;
    }
    for (const [key, value] of Object.entries(keys)) {
      const first = list(value)[0];
      if (first !== undefined) {
        context[key] = /Like$/.test(operator) ? sample(first) : first;
      }
    }
  }
  return context;
}

/** The KMS call a request on an encrypted queue or topic makes through its service. */
const KMS_THROUGH: Record<string, { service: string; action: string }> = {
  "sqs:SendMessage": { service: "sqs", action: "kms:GenerateDataKey" },
  "sqs:ReceiveMessage": { service: "sqs", action: "kms:Decrypt" },
  "sns:Publish": { service: "sns", action: "kms:GenerateDataKey" },
};

export interface Principal {
  arn: string;
  label: string;
  identity: NamedPolicy[];
  boundary?: NamedPolicy;
}

/** A request a role makes, with everything that judges it. */
export function roleRequest(
  view: PlanView,
  who: Principal,
  action: string,
  resource: string,
  context: Record<string, string> = {},
): AccessRequest {
  const target = view.byArn(resource);
  // A resource of another account (the organization's registry) is judged with its own policy, as a
  // cross-account request: both the identity's grant and the resource's policy must allow it.
  const external = target ? undefined : view.externalByArn(resource);
  const region = regionOf(resource) || view.region;
  // The resource's own tags travel as aws:ResourceTag/<key> (what tag-based grants, such as on-call's
  // exec key, read: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourcetag).
  const tags = (target ? view.input(target, "tags") : undefined) as Record<string, string> | undefined;
  const tagged = Object.fromEntries(Object.entries(tags ?? {}).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
  return {
    principal: who.arn,
    action,
    resource,
    resourceAccount: external ? resource.split(":")[4] : view.account,
    context: {
      "aws:PrincipalArn": who.arn,
      "aws:PrincipalAccount": view.account,
      "aws:RequestedRegion": region,
      ...(action.startsWith("kms:") ? { "kms:CallerAccount": view.account } : {}),
      ...tagged,
      ...context,
    },
    identity: who.identity,
    boundary: who.boundary,
    resourcePolicy: target ? view.resourcePolicy(target) : external?.policy,
    scps: view.scps,
  };
}

export function rolePrincipal(view: PlanView, role: RecordedResource): Principal {
  return {
    arn: view.arn(role),
    label: view.label(role),
    identity: view.identityPolicies(role),
    boundary: view.boundary(role),
  };
}

/** The requests one grant stands for: each action on each resource it names (wildcard-free actions). */
export function grantHops(view: PlanView, who: Principal, statements: readonly Statement[]): Hop[] {
  let index = 0;
  // Resource "*" is tried for the actions that take no resource (X-Ray, ECS Exec channels): a request on
  // "*" stands for them exactly; for others "*" names no resource to try.
  const hops: Hop[] = [];
  for (const s of statements) {
    if (s.Effect !== "Allow") {
      continue;
    }
    const context = contextOf(s);
    index++;
    for (const action of list(s.Action).filter((a) => !a.includes("*"))) {
      for (const pattern of list(s.Resource)) {
        if (pattern === "*" && !WILDCARD_ONLY.has(action.toLowerCase())) {
          continue;
        }
        const resource = pattern === "*" ? "*" : sample(pattern);
        hops.push({
          label: `${who.label} ${action} on ${resource}`,
          request: roleRequest(view, who, action, resource, context),
          doc: IAM_EVAL,
          alternatives: `${who.arn} ${index} ${action}`,
        });
        const through = KMS_THROUGH[action];
        const target = view.byArn(resource);
        const key = target ? view.keyOf(target) : undefined;
        if (through && key) {
          hops.push({
            label: `${who.label} ${through.action} on ${view.label(key)} through ${through.service}`,
            request: roleRequest(view, who, through.action, view.arn(key), {
              "kms:ViaService": `${through.service}.${view.region}.amazonaws.com`,
            }),
            doc: KMS_VIA,
          });
        }
      }
    }
  }
  return hops;
}

/** Every role's own grants, tried as a request each. */
export function roleGrants(view: PlanView): Integration[] {
  return view.ofType("aws:iam/role:Role").flatMap((role) => {
    const who = rolePrincipal(view, role);
    const statements = who.identity.flatMap((p) => p.document.Statement as Statement[]);
    const hops = grantHops(view, who, statements);
    return hops.length === 0
      ? []
      : [{ kind: "role-grant", from: who.label, to: "what its policies name", hops }];
  });
}

/** The task role of each ECS task definition. */
function taskRoles(view: PlanView): Map<string, RecordedResource> {
  const roles = new Map<string, RecordedResource>();
  for (const td of view.ofType("aws:ecs/taskDefinition:TaskDefinition")) {
    const role = view.dep(td, "taskRoleArn", "aws:iam/role:Role");
    if (role) {
      roles.set(td.urn, role);
    }
  }
  return roles;
}

/**
 * The platform's own services that are Kafka clients (a declared client named like the service) connect,
 * read and write with IAM: the task role must hold the client's grant.
 */
export function serviceKafka(view: PlanView, clients: readonly KafkaClient[]): Integration[] {
  const cluster = view.ofType("aws:msk/cluster:Cluster")[0];
  if (!cluster) {
    return [];
  }
  const clusterArn = view.arn(cluster);
  const out: Integration[] = [];
  for (const role of new Set(taskRoles(view).values())) {
    const service = role.name.replace(/-task$/, "");
    const client = clients.find((c) => c.name === service && (c.auth ?? "iam") === "iam");
    if (!client) {
      continue;
    }
    const who = rolePrincipal(view, role);
    const topic = (t: string): string => `${clusterArn.replace(":cluster/", ":topic/")}/${t}`;
    const hops: Hop[] = [
      {
        label: `${who.label} kafka-cluster:Connect`,
        request: roleRequest(view, who, "kafka-cluster:Connect", clusterArn),
        doc: MSK_IAM,
      },
      ...client.read.map((t) => ({
        label: `${who.label} kafka-cluster:ReadData on topic ${t}`,
        request: roleRequest(view, who, "kafka-cluster:ReadData", topic(t)),
        doc: MSK_IAM,
      })),
      ...client.write.map((t) => ({
        label: `${who.label} kafka-cluster:WriteData on topic ${t}`,
        request: roleRequest(view, who, "kafka-cluster:WriteData", topic(t)),
        doc: MSK_IAM,
      })),
    ];
    out.push({ kind: "service-kafka", from: who.label, to: view.label(cluster), hops });
  }
  return out;
}

export interface KafkaClient {
  name: string;
  read: string[];
  write: string[];
  auth?: string;
}

/**
 * On-call as the environment knows it: its role in the plan, or, with Identity Center, the role Identity
 * Center provisions for the organization's permission set (the pattern accessRolePrincipalArn names), with
 * the set's policies as the organization writes them.
 */
export interface OncallIdentity {
  /** On-call's principal ARN (pattern). */
  arn: string;
  /** The permission set's name and policies, when on-call is not a role of the plan. */
  permissionSet?: { name: string; policies: NamedPolicy[] };
}

function oncallPrincipal(view: PlanView, oncall: OncallIdentity): Principal | undefined {
  const role = view.ofType("aws:iam/role:Role").find((r) => view.arn(r) === oncall.arn);
  if (role) {
    return rolePrincipal(view, role);
  }
  if (!oncall.permissionSet) {
    return undefined;
  }
  return {
    arn: oncall.arn.replace(/\*/g, "").replace(/\?+/g, "0123456789abcdef"),
    label: `permission set ${oncall.permissionSet.name}`,
    identity: oncall.permissionSet.policies,
  };
}

/**
 * On-call opens an ECS Exec session into a task of each service that allows it: ecs:ExecuteCommand, and the
 * session-manager plugin's own kms:GenerateDataKey on the cluster's exec key (no kms:ViaService).
 */
export function oncallExec(view: PlanView, oncall: OncallIdentity | undefined): Integration[] {
  if (oncall === undefined) {
    return [];
  }
  const who = oncallPrincipal(view, oncall);
  const cluster = view.ofType("aws:ecs/cluster:Cluster")[0];
  const execServices = view
    .ofType("aws:ecs/service:Service")
    .filter((s) => view.input(s, "enableExecuteCommand") === true);
  if (!who || !cluster || execServices.length === 0) {
    return [];
  }
  const config = view.input(cluster, "configuration") as
    { executeCommandConfiguration?: { kmsKeyId?: string } } | undefined;
  const key = view.byArn(config?.executeCommandConfiguration?.kmsKeyId);
  const clusterArn = view.arn(cluster);
  const taskArn = `${clusterArn.replace(":cluster/", ":task/")}/0123456789abcdef0123456789abcdef`;
  const hops: Hop[] = [
    {
      label: `${who.label} ecs:ExecuteCommand on a task of ${view.label(cluster)}`,
      request: roleRequest(view, who, "ecs:ExecuteCommand", taskArn, { "ecs:cluster": clusterArn }),
      doc: ECS_EXEC,
    },
  ];
  if (key) {
    hops.push({
      label: `${who.label} kms:GenerateDataKey on ${view.label(key)}`,
      request: roleRequest(view, who, "kms:GenerateDataKey", view.arn(key)),
      doc: ECS_EXEC,
    });
  }
  return [
    { kind: "oncall-exec", from: who.label, to: execServices.map((s) => view.label(s)).join(", "), hops },
  ];
}

/** What the platform hands one app team to attach to its roles, as statements. */
export type TeamGrants = Record<string, { name: string; statements: Statement[] }[]>;

/** Each app team's boundary admits every grant the platform hands the team (on the team's resources). */
export function appTeamGrants(view: PlanView, grants: TeamGrants): Integration[] {
  const out: Integration[] = [];
  for (const role of view.ofType("aws:iam/role:Role")) {
    // A team's own role carries the team's tag and the team's boundary.
    const team = (view.input(role, "tags") as Record<string, string> | undefined)?.[TEAM_TAG];
    if (team === undefined || grants[team] === undefined) {
      continue;
    }
    const boundary = view.boundary(role);
    for (const grant of grants[team]) {
      const who: Principal = {
        arn: `arn:aws:iam::${view.account}:role/apps/${team}/service`,
        label: `a role of ${team} holding ${grant.name}`,
        identity: [{ name: grant.name, document: { Statement: grant.statements } }],
        boundary,
      };
      const hops = grantHops(view, who, grant.statements);
      out.push({ kind: "app-team-grant", from: who.label, to: grant.name, hops });
    }
  }
  return out;
}

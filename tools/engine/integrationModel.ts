/**
 * The integration model's vocabulary: a wiring the platform creates (from one resource to another), the
 * requests AWS makes to use it, each with the condition keys AWS sends and the page that says so, and the
 * findings of a plan: a request some policy denies, or an asynchronous target that fails silently.
 */
import { AccessRequest, NamedPolicy } from "./iamEvaluator";
import type { RecordedResource } from "./mockEngine";
import type { PlanView } from "./planView";

export interface Hop {
  /** What the hop does, for the finding: `events.amazonaws.com sns:Publish`. */
  label: string;
  request: AccessRequest;
  /** The AWS page that says which principal makes the request and which condition keys it sends. */
  doc: string;
  /**
   * Hops with the same key are one action of one statement on its several resources: a resource the action
   * does not apply to (a log group's ARN for a stream action) is no request AWS makes, as long as another
   * resource of the statement is one.
   */
  alternatives?: string;
}

export interface Integration {
  /** The kind of wiring: `rule-target`, `alarm-action`, `task-role-grant`, ... */
  kind: string;
  from: string;
  to: string;
  hops: Hop[];
}

export interface IntegrationFinding {
  kind: string;
  from: string;
  to: string;
  /** The request that fails, or the missing safeguard. */
  what: string;
  /** The policy that denies (and how), or what is missing. */
  problem: string;
  doc: string;
}

export interface IntegrationReport {
  /** Wirings evaluated, and requests within them. */
  integrations: number;
  requests: number;
  findings: IntegrationFinding[];
}

/** The condition keys an AWS service sends when it acts for a resource of the account. */
export const serviceSource = (account: string, sourceArn: string): Record<string, string> => ({
  "aws:SourceAccount": account,
  "aws:SourceArn": sourceArn,
});

/** Region of an ARN (empty for global ones). */
export const regionOf = (arn: string): string => arn.split(":")[3] ?? "";

export const noPolicy = (on: string): NamedPolicy => ({
  name: `no policy on ${on}`,
  document: { Statement: [] },
});

/** A service principal's request on a resource (an object, a log stream), judged by `policy`. */
export function serviceHop(
  account: string,
  service: string,
  action: string,
  resource: string,
  on: string,
  policy: NamedPolicy | undefined,
  context: Record<string, string>,
  doc: string,
): Hop {
  const request: AccessRequest = {
    principal: service,
    action,
    resource,
    resourceAccount: account,
    context,
    resourcePolicy: policy ?? noPolicy(on),
  };
  return { label: `${service} ${action} on ${on}`, request, doc };
}

/** A service principal's request on a resource of the plan, judged by that resource's own policy. */
export function resourceHop(
  view: PlanView,
  service: string,
  action: string,
  target: RecordedResource,
  context: Record<string, string>,
  doc: string,
): Hop {
  const policy = view.resourcePolicy(target);
  return serviceHop(
    view.account,
    service,
    action,
    view.arn(target),
    view.label(target),
    policy,
    context,
    doc,
  );
}

/**
 * What the integration model reads of a plan run as `pulumi up` (every value known): each resource's inputs
 * and the outputs the engine made up (ARNs), lookups by ARN, and the policies that apply to a role, a key,
 * a queue, a topic, a bus or a function.
 */
import { NamedPolicy } from "./iamEvaluator";
import { RecordedResource } from "./mockEngine";
import { display } from "./wire";

/** AWS managed policies whose content the model knows (the rest grant nothing here: a path must not rest on them). */
const MANAGED: Record<string, NamedPolicy["document"]> = {
  "arn:aws:iam::aws:policy/AdministratorAccess": {
    Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
  },
};

/** A resource of another account the plan's roles reach (the organization's registry), with its policy. */
export interface ExternalResource {
  arn: string;
  policy: NamedPolicy;
}

const short = (r: RecordedResource): string => `${r.type.split(":").pop() ?? r.type} "${r.name}"`;

export class PlanView {
  readonly resources: RecordedResource[];
  private readonly byUrnMap: Map<string, RecordedResource>;
  private readonly byArnMap = new Map<string, RecordedResource>();
  // Indexes and memos: a large environment asks the same questions of the same resources thousands of times.
  private readonly byType = new Map<string, RecordedResource[]>();
  private readonly displayed = new Map<string, Record<string, unknown>>();
  private readonly referrers = new Map<string, Map<string, RecordedResource[]>>();
  private readonly memos = new Map<string, unknown>();

  constructor(
    resources: readonly RecordedResource[],
    private readonly states: ReadonlyMap<string, Record<string, unknown>>,
    readonly account: string,
    readonly region: string,
    /** The service control policies of the environment's account (serviceControlPolicies()). */
    readonly scps: NamedPolicy[] = [],
    private readonly external: readonly ExternalResource[] = [],
  ) {
    this.resources = resources.filter((r) => r.custom);
    this.byUrnMap = new Map(this.resources.map((r) => [r.urn, r]));
    for (const r of this.resources) {
      const ofType = this.byType.get(r.type);
      if (ofType) {
        ofType.push(r);
      } else {
        this.byType.set(r.type, [r]);
      }
      // A resource's own ARN is an output: an `arn` input names another resource (a topic policy's topic).
      const arn = r.inputs.arn === undefined ? this.state(r).arn : undefined;
      if (typeof arn === "string") {
        this.byArnMap.set(arn, r);
      }
    }
  }

  /** `Type "name"`, as findings name a resource. */
  label(r: RecordedResource): string {
    return short(r);
  }

  ofType(type: string): RecordedResource[] {
    return [...(this.byType.get(type) ?? [])];
  }

  /** The value `compute` gives for `key`, computed once per view. */
  private memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) {
      this.memos.set(key, compute());
    }
    return this.memos.get(key) as T;
  }

  /** Inputs and computed outputs, in display form. */
  state(r: RecordedResource): Record<string, unknown> {
    return this.states.get(r.urn) ?? (display(r.inputs) as Record<string, unknown>);
  }

  input(r: RecordedResource, key: string): unknown {
    let inputs = this.displayed.get(r.urn);
    if (inputs === undefined) {
      inputs = display(r.inputs) as Record<string, unknown>;
      this.displayed.set(r.urn, inputs);
    }
    return inputs[key];
  }

  str(r: RecordedResource, key: string): string | undefined {
    const v = this.input(r, key);
    return typeof v === "string" ? v : undefined;
  }

  arn(r: RecordedResource): string {
    return String(this.state(r).arn);
  }

  /** A resource of another account the context knows, by ARN. */
  externalByArn(arn: string): ExternalResource | undefined {
    return this.external.find((e) => e.arn === arn);
  }

  byArn(arn: string | undefined): RecordedResource | undefined {
    return arn === undefined ? undefined : this.byArnMap.get(arn);
  }

  /** The custom resources a property depends on. */
  deps(r: RecordedResource, key: string): RecordedResource[] {
    return (r.propertyDependencies[key] ?? [])
      .map((u) => this.byUrnMap.get(u))
      .filter((x): x is RecordedResource => x !== undefined);
  }

  /** The resource of `type` a property refers to. */
  dep(r: RecordedResource, key: string, type: string): RecordedResource | undefined {
    return this.deps(r, key).find((d) => d.type === type);
  }

  /**
   * The resource a property names: its dependency of `type`, else the resource whose ARN the property
   * holds (of any type: the caller checks).
   */
  named(r: RecordedResource, key: string, type: string): RecordedResource | undefined {
    return this.dep(r, key, type) ?? this.byArn(this.str(r, key));
  }

  /** The resources of `type` whose `key` refers to `target`. */
  referring(type: string, key: string, target: RecordedResource): RecordedResource[] {
    const index = `${type}|${key}`;
    let byTarget = this.referrers.get(index);
    if (byTarget === undefined) {
      byTarget = new Map();
      for (const r of this.byType.get(type) ?? []) {
        for (const urn of new Set(r.propertyDependencies[key] ?? [])) {
          const list = byTarget.get(urn);
          if (list) {
            list.push(r);
          } else {
            byTarget.set(urn, [r]);
          }
        }
      }
      this.referrers.set(index, byTarget);
    }
    return [...(byTarget.get(target.urn) ?? [])];
  }

  json(r: RecordedResource, key: string): NamedPolicy["document"] | undefined {
    return this.memo(`json|${r.urn}|${key}`, () => this.parsed(r, key));
  }

  private parsed(r: RecordedResource, key: string): NamedPolicy["document"] | undefined {
    const v = this.input(r, key);
    if (typeof v !== "string") {
      return undefined;
    }
    try {
      return JSON.parse(v) as NamedPolicy["document"];
    } catch {
      return undefined;
    }
  }

  /** A role's identity policies: inline, attached customer managed (in the plan) and known AWS managed. */
  identityPolicies(role: RecordedResource): NamedPolicy[] {
    return this.memo(`identity|${role.urn}`, () => this.identityPoliciesOf(role));
  }

  private identityPoliciesOf(role: RecordedResource): NamedPolicy[] {
    const inline = this.referring("aws:iam/rolePolicy:RolePolicy", "role", role).flatMap((p) => {
      const document = this.json(p, "policy");
      return document ? [{ name: `inline policy ${p.name}`, document }] : [];
    });
    const attached = this.referring(
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      "role",
      role,
    ).flatMap((a) => {
      const arn = this.str(a, "policyArn");
      const policy = this.dep(a, "policyArn", "aws:iam/policy:Policy") ?? this.byArn(arn);
      const document = policy ? this.json(policy, "policy") : arn ? MANAGED[arn] : undefined;
      return document ? [{ name: `policy ${policy?.name ?? arn}`, document }] : [];
    });
    return [...inline, ...attached];
  }

  /** A role's permissions boundary, when it has one whose content is known. */
  boundary(role: RecordedResource): NamedPolicy | undefined {
    const arn = this.str(role, "permissionsBoundary");
    if (arn === undefined) {
      return undefined;
    }
    const policy = this.dep(role, "permissionsBoundary", "aws:iam/policy:Policy") ?? this.byArn(arn);
    const document = policy ? this.json(policy, "policy") : MANAGED[arn];
    return { name: `permissions boundary ${policy?.name ?? arn}`, document: document ?? { Statement: [] } };
  }

  /** The policy of a resource a request reaches, when it has one. */
  resourcePolicy(target: RecordedResource): NamedPolicy | undefined {
    return this.memo(`resource|${target.urn}`, () => this.resourcePolicyOf(target));
  }

  private resourcePolicyOf(target: RecordedResource): NamedPolicy | undefined {
    const named = (name: string, document: NamedPolicy["document"] | undefined): NamedPolicy | undefined =>
      document ? { name, document } : undefined;
    switch (target.type) {
      case "aws:kms/key:Key":
        return named(`key policy of ${short(target)}`, this.json(target, "policy"));
      case "aws:iam/role:Role":
        return named(`trust policy of ${short(target)}`, this.json(target, "assumeRolePolicy"));
      case "aws:sqs/queue:Queue": {
        const p = this.referring("aws:sqs/queuePolicy:QueuePolicy", "queueUrl", target)[0];
        return p && named(`queue policy ${p.name}`, this.json(p, "policy"));
      }
      case "aws:sns/topic:Topic": {
        const p = this.referring("aws:sns/topicPolicy:TopicPolicy", "arn", target)[0];
        return p && named(`topic policy ${p.name}`, this.json(p, "policy"));
      }
      case "aws:cloudwatch/eventBus:EventBus": {
        const p = this.referring("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "eventBusName", target)[0];
        return p && named(`bus policy ${p.name}`, this.json(p, "policy"));
      }
      case "aws:s3/bucket:Bucket": {
        const p = this.referring("aws:s3/bucketPolicy:BucketPolicy", "bucket", target)[0];
        return p && named(`bucket policy ${p.name}`, this.json(p, "policy"));
      }
      case "aws:lambda/function:Function": {
        // A function's policy is the sum of its permissions.
        const statements = this.referring("aws:lambda/permission:Permission", "function", target).map(
          (p) => ({
            Sid: p.name,
            Effect: "Allow",
            Principal: { Service: this.str(p, "principal") },
            Action: this.str(p, "action"),
            Resource: this.arn(target),
            ...(this.str(p, "sourceArn") !== undefined
              ? { Condition: { ArnLike: { "aws:SourceArn": this.str(p, "sourceArn") } } }
              : {}),
          }),
        );
        return { name: `function policy of ${short(target)}`, document: { Statement: statements } };
      }
      default:
        return undefined;
    }
  }

  /** The key a resource is encrypted with (SQS, SNS, a bus, an archive), when the plan holds it. */
  keyOf(r: RecordedResource): RecordedResource | undefined {
    const key =
      { "aws:sqs/queue:Queue": "kmsMasterKeyId", "aws:sns/topic:Topic": "kmsMasterKeyId" }[r.type] ??
      "kmsKeyIdentifier";
    return this.named(r, key, "aws:kms/key:Key");
  }
}

/** Hand-made plans for tests of the tools: resources by name, dependencies by name. */
import { RecordedResource } from "../../tools/engine/mockEngine";

export interface Spec {
  type: string;
  name: string;
  inputs?: Record<string, unknown>;
  /** Property dependencies, by property and resource name. */
  deps?: Record<string, string[]>;
  /** Dependencies that are not through a property (dependsOn), by resource name. */
  dependsOn?: string[];
  parent?: string;
  custom?: boolean;
}

/** The URN of a hand-made resource. */
export const handUrn = (name: string): string => `urn:pulumi:t::p::x::${name}`;

/** The recorded resources of `specs`, as the mock engine records them. */
export function handPlan(specs: readonly Spec[]): RecordedResource[] {
  return specs.map((s) => ({
    urn: handUrn(s.name),
    type: s.type,
    name: s.name,
    custom: s.custom ?? true,
    parent: s.parent ? handUrn(s.parent) : undefined,
    dependencies: [...(s.dependsOn ?? []), ...Object.values(s.deps ?? {}).flat()].map(handUrn),
    propertyDependencies: Object.fromEntries(
      Object.entries(s.deps ?? {}).map(([k, v]) => [k, v.map(handUrn)]),
    ),
    protect: false,
    retainOnDelete: false,
    deleteBeforeReplace: false,
    ignoreChanges: [],
    inputs: (s.inputs ?? {}) as RecordedResource["inputs"],
  }));
}

/** A VPC with two subnets in two AZs and a database subnet group over them, for hand-made plans. */
export const NETWORK: readonly Spec[] = [
  { type: "aws:ec2/vpc:Vpc", name: "vpc" },
  {
    type: "aws:ec2/subnet:Subnet",
    name: "subnet-a",
    inputs: { availabilityZone: "az-a" },
    deps: { vpcId: ["vpc"] },
  },
  {
    type: "aws:ec2/subnet:Subnet",
    name: "subnet-b",
    inputs: { availabilityZone: "az-b" },
    deps: { vpcId: ["vpc"] },
  },
  {
    type: "aws:rds/subnetGroup:SubnetGroup",
    name: "db-subnets",
    deps: { subnetIds: ["subnet-a", "subnet-b"] },
  },
];

/** Ordering helpers shared by the organization components. */
import * as pulumi from "@pulumi/pulumi";

/**
 * The resources a component was told to wait for (its `dependsOn`), as a list its children can extend.
 * The components of this folder hand it on explicitly to the children that must wait (the management
 * account's calls wait for the Organization and its trusted access) rather than rely on the engine to
 * hold a component's children back.
 */
export function plainDependsOn(
  dependsOn: pulumi.ResourceOptions["dependsOn"],
): pulumi.Input<pulumi.Resource>[] {
  if (dependsOn === undefined) {
    return [];
  }
  if (Array.isArray(dependsOn)) {
    return dependsOn;
  }
  if (pulumi.Resource.isInstance(dependsOn)) {
    return [dependsOn];
  }
  throw new Error("dependsOn of an organization component must be a resource or a list of resources");
}

/**
 * Container image references: where a service's image comes from, and who owns its tag.
 *
 * - A reference with a tag or digest (`ghcr.io/acme/gateway:2.3.1`, `...@sha256:<64 hex>`) is pinned in the
 *   stack config: the platform owns it, and `pulumi up` deploys exactly that.
 * - `ssm:<parameter>` names an SSM String parameter that holds such a reference. The app's own CI writes it
 *   after pushing an image; every `pulumi up` reads the current value, so a later platform deployment
 *   deploys what CI last shipped instead of reverting it.
 * - `registry:<repository>:<tag>` (or `@sha256:<digest>`) names a repository of the organization's shared
 *   registry (in the shared-services account, whose policy lets every environment account pull): the
 *   platform writes the registry's URL from the organization's outputs, so no stack file names an account.
 */

export type ImageSource = { kind: "ref"; ref: string } | { kind: "ssm"; parameter: string };

/** An image of the organization's registry, by repository name, before its URL is known. */
export interface RegistryImage {
  kind: "registry";
  /** The repository's name in the organization's registry (`organization:registry.repositories`). */
  repository: string;
  /** `:<tag>` or `@sha256:<digest>`, as written. */
  version: string;
}

/** The organization's registry as the environment knows it: repository URLs by name. */
export interface RegistryRepositories {
  repositories: Readonly<Record<string, string>>;
}

export interface ImageRef {
  /** Registry host, when the reference names one. */
  registry?: string;
  /** Repository path within the registry. */
  repository: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const HOST =
  "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\\d+)?";
const REFERENCE = new RegExp(
  `^(?:(${HOST})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`,
);
/** SSM parameter names: letters, digits and . - _ /, at most 2048 characters, hierarchies start with /. */
const SSM_NAME = /^(\/[a-zA-Z0-9_.-]+)+$|^[a-zA-Z0-9_.-]+$/;
const ECR_HOST = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$/;

/** Why a moving tag is refused (a digest beside it pins the image, and is accepted). */
export const MUTABLE_TAG =
  'is tagged "latest", which moves with every push; pin a version tag (repository:1.4.2) or a digest (repository@sha256:<digest>) so a deployment is repeatable';

/** Whether a tag is the one registries move by convention. */
export function isMutableTag(tag: string): boolean {
  return tag.toLowerCase() === "latest";
}

/** Parses an image reference; a string result says what is wrong. */
export function parseImageRef(text: string): ImageRef | string {
  const m = REFERENCE.exec(text);
  if (!m) {
    return "is not an image reference (registry/repository:tag or registry/repository@sha256:<digest>)";
  }
  let registry: string | undefined = m[1];
  let repository = m[2];
  const [, , , tag, digest] = m;
  // A first component without '.', ':' or "localhost" is a Docker Hub path, not a registry.
  if (registry !== undefined && !/[.:]/.test(registry) && registry !== "localhost") {
    repository = `${registry}/${repository}`;
    registry = undefined;
  }
  if (tag === undefined && digest === undefined) {
    return "has no tag or digest; pin one (repository:1.4.2 or repository@sha256:<digest>) so a deployment is repeatable";
  }
  if (digest === undefined && tag !== undefined && isMutableTag(tag)) {
    return MUTABLE_TAG;
  }
  return { registry, repository, tag, digest };
}

/** Parses the `image` setting of a service: a pinned reference, `ssm:<parameter>` or `registry:<repository>:<tag>`. */
export function parseImageSource(text: string): ImageSource | RegistryImage | string {
  if (text.startsWith("registry:")) {
    const ref = parseImageRef(text.slice("registry:".length));
    if (typeof ref === "string") {
      return ref;
    }
    if (ref.registry !== undefined) {
      return "registry: is followed by a repository of the organization's registry and its tag (registry:gateway:2.3.1), without a host";
    }
    const version = `${ref.tag === undefined ? "" : `:${ref.tag}`}${ref.digest === undefined ? "" : `@${ref.digest}`}`;
    return { kind: "registry", repository: ref.repository, version };
  }
  if (text.startsWith("ssm:")) {
    const parameter = text.slice("ssm:".length);
    if (parameter.length === 0 || parameter.length > 2048 || !SSM_NAME.test(parameter)) {
      return "ssm: is followed by an SSM parameter name such as /acme/orders/image (letters, digits, . - _ /)";
    }
    return { kind: "ssm", parameter };
  }
  const ref = parseImageRef(text);
  return typeof ref === "string" ? ref : { kind: "ref", ref: text };
}

/**
 * A `registry:` image as the reference ECS pulls, from the organization's registry; a string says what is
 * wrong (a repository the registry does not have).
 */
export function resolveRegistryImage(
  image: ImageSource | RegistryImage,
  registry: RegistryRepositories | undefined,
): ImageSource | string {
  if (image.kind !== "registry") {
    return image;
  }
  const url = registry?.repositories[image.repository];
  if (url === undefined) {
    const known = Object.keys(registry?.repositories ?? {});
    return `the organization's registry has no repository "${image.repository}" (it has: ${known.join(", ") || "none"}); add it to organization:registry.repositories in organization/Pulumi.organization.yaml and deploy the organization first`;
  }
  return { kind: "ref", ref: `${url}${image.version}` };
}

/** The ARN of the ECR repository a reference points into, when it is a private ECR reference. */
export function ecrRepositoryArn(ref: string): string | undefined {
  const parsed = parseImageRef(ref);
  if (typeof parsed === "string" || parsed.registry === undefined) {
    return undefined;
  }
  const host = ECR_HOST.exec(parsed.registry);
  return host ? `arn:aws:ecr:${host[2]}:${host[1]}:repository/${parsed.repository}` : undefined;
}

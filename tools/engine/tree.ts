/** The component tree of a plan: components with the resources under them, counted. */
import { RecordedResource } from "./mockEngine";

export interface TreeNode {
  resource: RecordedResource;
  /** Child components, in registration order. */
  components: TreeNode[];
  /** Custom resources directly under this component, counted by type. */
  resourceTypes: Map<string, number>;
  /** Custom resources in the whole subtree. */
  total: number;
}

/** Builds the tree rooted at the stack resource (or at every parentless component). */
export function componentTree(resources: readonly RecordedResource[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  for (const r of resources) {
    if (!r.custom) {
      nodes.set(r.urn, { resource: r, components: [], resourceTypes: new Map(), total: 0 });
    }
  }
  const roots: TreeNode[] = [];
  for (const r of resources) {
    const parent = r.parent ? nodes.get(r.parent) : undefined;
    if (!r.custom) {
      const node = nodes.get(r.urn) as TreeNode;
      if (parent) {
        parent.components.push(node);
      } else {
        roots.push(node);
      }
    } else if (parent) {
      parent.resourceTypes.set(r.type, (parent.resourceTypes.get(r.type) ?? 0) + 1);
    }
  }
  const count = (node: TreeNode): number => {
    node.total =
      [...node.resourceTypes.values()].reduce((a, b) => a + b, 0) +
      node.components.map(count).reduce((a, b) => a + b, 0);
    return node.total;
  };
  roots.forEach(count);
  return roots;
}

function shortType(type: string): string {
  // aws:ec2/subnet:Subnet -> ec2.Subnet; pulumi:providers:aws -> provider:aws
  const provider = /^pulumi:providers:(.+)$/.exec(type);
  if (provider) {
    return `provider:${provider[1]}`;
  }
  const m = /^([^:]+):([^/:]+)(?:\/[^:]+)?:(.+)$/.exec(type);
  return m ? `${m[2] === "index" ? m[1] : m[2]}.${m[3]}` : type;
}

/** Text lines of the tree: each component with its subtree count and its direct resources by type. */
export function formatTree(roots: readonly TreeNode[]): string[] {
  const lines: string[] = [];
  const walk = (node: TreeNode, prefix: string, last: boolean, depth: number): void => {
    const branch = depth === 0 ? "" : last ? "└─ " : "├─ ";
    const label = `${prefix}${branch}${node.resource.name} (${node.resource.type})`;
    lines.push(`${label.padEnd(72)} ${String(node.total).padStart(5)}`);
    const childPrefix = depth === 0 ? "" : prefix + (last ? "   " : "│  ");
    const types = [...node.resourceTypes.entries()].map(([t, n]) => `${shortType(t)}×${n}`);
    const items: Array<TreeNode | string> = [...(types.length ? [types.join(", ")] : []), ...node.components];
    items.forEach((item, i) => {
      const isLast = i === items.length - 1;
      if (typeof item === "string") {
        const wrapPrefix = childPrefix + (isLast ? "   " : "│  ");
        lines.push(
          ...wrap(item, 100 - wrapPrefix.length).map(
            (l, j) => (j === 0 ? childPrefix + (isLast ? "└─ " : "├─ ") : wrapPrefix) + l,
          ),
        );
      } else {
        walk(item, childPrefix, isLast, depth + 1);
      }
    });
  };
  roots.forEach((root) => walk(root, "", true, 0));
  return lines;
}

function wrap(text: string, width: number): string[] {
  const words = text.split(" ");
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) {
    lines.push(line);
  }
  return lines;
}

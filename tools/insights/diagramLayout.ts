/**
 * Lays the architecture diagram out with ELK (the Eclipse Layout Kernel's layered algorithm, elkjs: plain
 * JavaScript, runs offline in Node) and draws it as SVG. Nothing is placed by hand: every box is sized
 * from its label by a fixed text model, ELK places boxes and boundaries and routes the edges orthogonally
 * around them, and the SVG draws exactly what ELK returned (coordinates absolute: `elk.json.*Coords`).
 *
 * The text model: labels are drawn in a sans-serif font at 12 px (boundaries 13 px bold). No glyph of
 * those fonts is wider than 0.62 em for the characters labels use (letters, digits, punctuation), so a
 * line of n characters is taken as n x 7.5 px at 12 px and n x 8.5 px at 13 px bold: a box sized so never
 * cuts its label. Labels longer than 32 characters wrap at spaces.
 */
import ELK, { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk.bundled.js";

import { Diagram, DiagramGroup } from "./diagram";

/** Width of one character of a node label (12 px sans-serif), and of a boundary label (13 px bold). */
export const CHAR_WIDTH = 7.5;
export const GROUP_CHAR_WIDTH = 8.5;
export const LINE_HEIGHT = 16;
const PAD_X = 12;
const PAD_Y = 10;
const GROUP_LABEL_HEIGHT = 20;
const MAX_LINE = 32;

/** Splits a label into lines of at most MAX_LINE characters, at spaces (a longer word keeps its line). */
export function wrap(label: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of label.split(" ")) {
    if (line && line.length + 1 + word.length > MAX_LINE) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line];
}

export const textWidth = (text: string, charWidth = CHAR_WIDTH): number => text.length * charWidth;

export interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutNode extends Box {
  lines: string[];
}

export interface LaidOutGroup extends Box {
  label: string;
  parent?: string;
  depth: number;
}

export interface Layout {
  width: number;
  height: number;
  nodes: LaidOutNode[];
  groups: LaidOutGroup[];
  edges: Array<{ from: string; to: string; operator: boolean; points: Array<{ x: number; y: number }> }>;
}

const ROOT_OPTIONS = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.hierarchyHandling": "INCLUDE_CHILDREN",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.json.shapeCoords": "ROOT",
  "elk.json.edgeCoords": "ROOT",
  "elk.spacing.nodeNode": "24",
  "elk.layered.spacing.nodeNodeBetweenLayers": "36",
  "elk.spacing.edgeNode": "16",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  "elk.padding": "[top=16,left=16,bottom=16,right=16]",
};

/** ELK's layout of the diagram: boxes sized from their labels, boundaries around their contents. */
export async function layoutDiagram(d: Diagram): Promise<Layout> {
  const nodeOf = (n: Diagram["nodes"][number]): ElkNode => {
    const lines = wrap(n.label);
    return {
      id: n.id,
      width: Math.ceil(Math.max(...lines.map((l) => textWidth(l))) + 2 * PAD_X),
      height: lines.length * LINE_HEIGHT + 2 * PAD_Y,
    };
  };
  const groupOf = (g: DiagramGroup): ElkNode => ({
    id: g.id,
    layoutOptions: {
      "elk.padding": `[top=${GROUP_LABEL_HEIGHT + 16},left=14,bottom=14,right=14]`,
      // Wide enough for its own label.
      "elk.nodeSize.constraints": "MINIMUM_SIZE",
      "elk.nodeSize.minimum": `(${Math.ceil(textWidth(g.label, GROUP_CHAR_WIDTH) + 28)}, 60)`,
    },
    children: childrenOf(g.id),
  });
  const childrenOf = (parent: string | undefined): ElkNode[] => [
    ...d.nodes.filter((n) => n.group === parent).map(nodeOf),
    ...d.groups.filter((g) => g.parent === parent).map(groupOf),
  ];
  const edges: ElkExtendedEdge[] = d.edges.map((e, i) => ({
    id: `e${i}`,
    sources: [e.from],
    targets: [e.to],
  }));
  const graph: ElkNode = { id: "root", layoutOptions: ROOT_OPTIONS, children: childrenOf(undefined), edges };
  const laid = await new ELK().layout(graph);

  const nodes: LaidOutNode[] = [];
  const groups: LaidOutGroup[] = [];
  const byId = new Map(d.groups.map((g) => [g.id, g]));
  const visit = (n: ElkNode, depth: number): void => {
    for (const c of n.children ?? []) {
      const box = { id: c.id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 };
      const group = byId.get(c.id);
      if (group) {
        groups.push({ ...box, label: group.label, parent: group.parent, depth });
        visit(c, depth + 1);
      } else {
        nodes.push({ ...box, lines: wrap(d.nodes.find((x) => x.id === c.id)?.label ?? c.id) });
      }
    }
  };
  visit(laid, 0);
  return {
    width: Math.ceil(laid.width ?? 0),
    height: Math.ceil(laid.height ?? 0),
    nodes,
    groups,
    edges: (laid.edges ?? []).map((e, i) => {
      const s = e.sections?.[0];
      return {
        from: d.edges[i].from,
        to: d.edges[i].to,
        operator: d.edges[i].flow === "operator",
        points: s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [],
      };
    }),
  };
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const GROUP_FILLS = ["#f7f7f7", "#eef6ee", "#f3f0fa", "#fdf6e9", "#eaf4fb"];
const round = (n: number): string => String(Math.round(n * 10) / 10);

/** The laid-out diagram as a standalone SVG, with a title and a legend of the two flows above it. */
export function toSvg(layout: Layout, title: string): string {
  const top = 56;
  const width = Math.max(layout.width, 420);
  const height = layout.height + top;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<defs><marker id="arrow" markerWidth="10" markerHeight="8" refX="9" refY="4" orient="auto"><path d="M0,0 L10,4 L0,8 z" fill="#555"/></marker></defs>`,
    `<text x="16" y="24" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<line x1="16" y1="42" x2="46" y2="42" stroke="#555" marker-end="url(#arrow)"/><text x="52" y="46">request flow</text>`,
    `<line x1="160" y1="42" x2="190" y2="42" stroke="#a33" stroke-dasharray="5,3" marker-end="url(#arrow)"/><text x="196" y="46">operator flow</text>`,
    `<g transform="translate(0,${top})">`,
  ];
  for (const g of [...layout.groups].sort((a, b) => a.depth - b.depth)) {
    parts.push(
      `<rect x="${round(g.x)}" y="${round(g.y)}" width="${round(g.width)}" height="${round(g.height)}" rx="8" fill="${GROUP_FILLS[g.depth % GROUP_FILLS.length]}" stroke="#888" stroke-dasharray="${g.depth > 1 ? "4,3" : "none"}"/>`,
      `<text x="${round(g.x + 10)}" y="${round(g.y + 18)}" font-size="13" font-weight="bold" fill="#333">${esc(g.label)}</text>`,
    );
  }
  for (const e of layout.edges) {
    const pts = e.points.map((p) => `${round(p.x)},${round(p.y)}`).join(" ");
    parts.push(
      `<polyline points="${pts}" fill="none" stroke="${e.operator ? "#a33" : "#555"}"${e.operator ? ' stroke-dasharray="5,3"' : ""} marker-end="url(#arrow)"/>`,
    );
  }
  for (const n of layout.nodes) {
    parts.push(
      `<rect x="${round(n.x)}" y="${round(n.y)}" width="${round(n.width)}" height="${round(n.height)}" rx="6" fill="#eef4fb" stroke="#2b5d8a"/>`,
    );
    n.lines.forEach((line, i) => {
      const y = n.y + PAD_Y + (i + 1) * LINE_HEIGHT - 4;
      parts.push(
        `<text x="${round(n.x + n.width / 2)}" y="${round(y)}" text-anchor="middle">${esc(line)}</text>`,
      );
    });
  }
  parts.push("</g>", "</svg>");
  return parts.join("\n") + "\n";
}

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { buildDiagram, toMermaid } from "../../tools/insights/diagram";
import {
  Box,
  CHAR_WIDTH,
  GROUP_CHAR_WIDTH,
  layoutDiagram,
  textWidth,
  toSvg,
  wrap,
} from "../../tools/insights/diagramLayout";
import { stackPlan } from "../helpers/graph";

const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, b: Box): boolean =>
  a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;

describe("architecture diagram", () => {
  it("wraps long labels at spaces and measures them by the fixed text model", () => {
    assert.deepStrictEqual(wrap("OpenVPN server (the only public instance)"), [
      "OpenVPN server (the only public",
      "instance)",
    ]);
    assert.strictEqual(textWidth("abcd"), 4 * CHAR_WIDTH);
  });

  it("holds the prod stack's parts inside the account, VPC, tier and AZ boundaries, with both flows", async () => {
    const d = buildDiagram((await stackPlan("prod")).resources, {
      enclosing: [{ id: "ou-workloads", label: "OU workloads" }],
      accountLabel: "AWS account: prod",
    });
    const groupOf = (id: string): string | undefined => d.nodes.find((n) => n.id === id)?.group;
    for (const id of ["internet", "partner-api", "cognito", "bus", "lambda", "dynamodb", "postgres", "vpn"]) {
      assert.ok(
        d.nodes.some((n) => n.id === id),
        `no ${id}`,
      );
    }
    assert.strictEqual(d.groups.find((g) => g.id === "account")?.parent, "ou-workloads", "an OU encloses it");
    assert.strictEqual(groupOf("postgres"), "tier-data");
    assert.strictEqual(groupOf("alb"), "tier-public");
    assert.strictEqual(groupOf("lambda"), "tier-private");
    assert.strictEqual(groupOf("internet"), undefined);
    assert.strictEqual(d.groups.filter((g) => g.parent === "tier-private").length, 3, "an AZ box per AZ");
    assert.ok(d.edges.some((e) => e.from === "operators" && e.flow === "operator"));
    assert.ok(d.edges.some((e) => e.from === "partners" && e.to === "partner-api" && e.flow === "request"));
    const mermaid = toMermaid(d);
    assert.match(mermaid, /subgraph vpc\["VPC 10\.30\.0\.0\/16"\]/);
    assert.match(mermaid, /operators -\.-> vpn/);
  });

  for (const stack of ["dev", "stage", "prod"]) {
    it(`lays ${stack} out with no two boxes overlapping and every label inside its box`, async () => {
      const d = buildDiagram((await stackPlan(stack)).resources);
      const layout = await layoutDiagram(d);
      assert.strictEqual(layout.nodes.length, d.nodes.length);
      assert.strictEqual(layout.groups.length, d.groups.length);
      const groups = new Map(layout.groups.map((g) => [g.id, g]));
      for (const [i, a] of layout.nodes.entries()) {
        for (const b of layout.nodes.slice(i + 1)) {
          assert.ok(!overlap(a, b), `${a.id} overlaps ${b.id}`);
        }
        const lines = a.lines;
        for (const line of lines) {
          assert.ok(textWidth(line) <= a.width - 2 * 10, `"${line}" does not fit ${a.id} (${a.width} px)`);
        }
        assert.ok(lines.length * 16 <= a.height - 2 * 8, `${a.id}: ${lines.length} lines in ${a.height} px`);
        const group = d.nodes.find((n) => n.id === a.id)?.group;
        if (group) {
          assert.ok(inside(a, groups.get(group)!), `${a.id} is not inside ${group}`);
        }
        // No box covers a boundary's label strip.
        for (const g of layout.groups) {
          assert.ok(!overlap(a, { ...g, height: 24 }), `${a.id} covers the label of ${g.id}`);
        }
      }
      for (const [i, g] of layout.groups.entries()) {
        assert.ok(textWidth(g.label, GROUP_CHAR_WIDTH) <= g.width - 10, `"${g.label}" does not fit`);
        if (g.parent) {
          assert.ok(inside(g, groups.get(g.parent)!), `${g.id} is not inside ${g.parent}`);
        }
        for (const h of layout.groups.slice(i + 1).filter((x) => x.parent === g.parent)) {
          assert.ok(!overlap(g, h), `boundaries ${g.id} and ${h.id} overlap`);
        }
      }
      for (const e of layout.edges) {
        assert.ok(e.points.length >= 2, `${e.from} -> ${e.to} is not routed`);
      }
      assert.ok(layout.width < 4000 && layout.height < 4000, "no empty wide canvas");
      const svg = toSvg(layout, stack);
      assert.strictEqual((svg.match(/<polyline /g) ?? []).length, d.edges.length);
      assert.ok(!svg.includes("…"), "no label is cut");
    });

    it(`docs/architecture holds ${stack}'s diagram as generated from its plan (npm run docs)`, async () => {
      const { architectureDocs, ARCHITECTURE_DIR } = await import("../../tools/docs");
      const { md, svg } = await architectureDocs(stack, (await stackPlan(stack)).resources);
      assert.strictEqual(fs.readFileSync(path.join(ARCHITECTURE_DIR, `${stack}.md`), "utf8"), md);
      assert.strictEqual(fs.readFileSync(path.join(ARCHITECTURE_DIR, `${stack}.svg`), "utf8"), svg);
    });
  }
});

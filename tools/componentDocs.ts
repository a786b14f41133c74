/**
 * Generates docs/components/: one reference page per component (like terraform-docs), read from the code
 * with the TypeScript compiler API: the class's TSDoc, its type token, its inputs (the Args interface of
 * its constructor: type, required or default, TSDoc), its outputs (public readonly fields) and the resources
 * it creates as the three stacks' plans record them (its direct children). A test fails when a page is out
 * of date (`npm run docs`).
 */
import * as path from "path";
import * as ts from "typescript";

import { RecordedResource } from "./engine/mockEngine";
import { findProjectDir } from "./engine/stackFiles";
import { docOf, markdownOf } from "./tsdoc";

export const COMPONENT_DOCS_DIR = path.join(findProjectDir(), "docs", "components");

export interface ComponentDoc {
  name: string;
  token: string;
  /** The source file, relative to the project. */
  file: string;
  summary: string;
  inputs: { name: string; type: string; required: boolean; default?: string; doc: string }[];
  outputs: { name: string; type: string; doc: string }[];
}

const typeText = (type: ts.Type, checker: ts.TypeChecker): string =>
  checker.typeToString(
    type,
    undefined,
    ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope,
  );

/** `Default: x.` in the TSDoc, or the right side of `args.<name> ?? x` in the constructor. */
function defaultOf(doc: string, name: string, ctor: ts.ConstructorDeclaration): string | undefined {
  const documented = /Default(?:s to|:)\s*([^.;]+(?:\.\d[^.;]*)?)/.exec(doc)?.[1]?.trim();
  if (documented) {
    return documented;
  }
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (
      !found &&
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.name.text === name &&
      ts.isIdentifier(node.left.expression) &&
      node.left.expression.text === "args"
    ) {
      found = `\`${node.right.getText().replace(/\s+/g, " ")}\``;
    }
    ts.forEachChild(node, visit);
  };
  visit(ctor);
  return found;
}

function componentOf(
  node: ts.ClassDeclaration,
  source: ts.SourceFile,
  checker: ts.TypeChecker,
  root: string,
): ComponentDoc | undefined {
  const heritage = node.heritageClauses?.flatMap((h) => h.types.map((t) => t.expression.getText())) ?? [];
  if (!node.name || !heritage.includes("pulumi.ComponentResource")) {
    return undefined;
  }
  const ctor = node.members.find(ts.isConstructorDeclaration);
  let token = "";
  ctor?.body?.forEachChild(function find(n): void {
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.SuperKeyword) {
      const first = n.arguments[0];
      token = first && ts.isStringLiteral(first) ? first.text : "";
    }
    n.forEachChild(find);
  });
  const inputs: ComponentDoc["inputs"] = [];
  const argsParam = ctor?.parameters[1];
  if (ctor && argsParam) {
    const argsType = checker.getTypeAtLocation(argsParam);
    for (const prop of argsType.getProperties()) {
      const declaration = prop.valueDeclaration ?? prop.declarations?.[0];
      if (!declaration) {
        continue;
      }
      const doc = docOf(prop, checker);
      const required = (prop.flags & ts.SymbolFlags.Optional) === 0;
      const type = typeText(checker.getTypeOfSymbolAtLocation(prop, declaration), checker);
      const def = required ? undefined : defaultOf(doc, prop.name, ctor);
      inputs.push({
        name: prop.name,
        type: required ? type : type.replace(/ \| undefined$/, ""),
        required,
        doc,
        ...(def ? { default: def } : {}),
      });
    }
  }
  const outputs: ComponentDoc["outputs"] = [];
  for (const member of node.members) {
    const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
    const hidden = modifiers.some(
      (m) =>
        m.kind === ts.SyntaxKind.PrivateKeyword ||
        m.kind === ts.SyntaxKind.ProtectedKeyword ||
        m.kind === ts.SyntaxKind.StaticKeyword,
    );
    if (
      !ts.isPropertyDeclaration(member) ||
      hidden ||
      !modifiers.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword)
    ) {
      continue;
    }
    const symbol = checker.getSymbolAtLocation(member.name);
    if (!symbol || member.name.getText().startsWith("#")) {
      continue;
    }
    const type = typeText(checker.getTypeAtLocation(member), checker);
    outputs.push({
      name: symbol.name + (member.questionToken ? "?" : ""),
      type: type.replace(/ \| undefined$/, ""),
      doc: docOf(symbol, checker),
    });
  }
  const classSymbol = checker.getSymbolAtLocation(node.name);
  return {
    name: node.name.text,
    token,
    file: path.relative(root, source.fileName).split(path.sep).join("/"),
    summary: classSymbol ? markdownOf(classSymbol.getDocumentationComment(checker)) : "",
    inputs,
    outputs,
  };
}

/** Every component class under components/, read with the compiler API, sorted by type token. */
export function readComponents(root = findProjectDir()): ComponentDoc[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  );
  const files = (config?.fileNames ?? []).filter(
    (f) => path.relative(root, f).split(path.sep)[0] === "components",
  );
  const program = ts.createProgram(files, { ...config?.options, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const docs: ComponentDoc[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    source?.forEachChild((node) => {
      const doc = ts.isClassDeclaration(node) ? componentOf(node, source, checker, root) : undefined;
      if (doc) {
        docs.push(doc);
      }
    });
  }
  return docs.sort((a, b) => a.token.localeCompare(b.token));
}

/** For each component type token, the types of its direct children across the given plans. */
export function childTypes(plans: readonly (readonly RecordedResource[])[]): Map<string, Set<string>> {
  const byToken = new Map<string, Set<string>>();
  for (const resources of plans) {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const r of resources) {
      const parent = r.parent ? byUrn.get(r.parent) : undefined;
      if (parent && !parent.custom) {
        const set = byToken.get(parent.type) ?? new Set<string>();
        set.add(r.type);
        byToken.set(parent.type, set);
      }
    }
  }
  return byToken;
}

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The pages: `README.md` (the index) and `<Name>.md` per component, by file name. */
export function componentDocs(
  components: readonly ComponentDoc[],
  children: Map<string, Set<string>>,
  stacks: readonly string[],
): Map<string, string> {
  const pages = new Map<string, string>();
  const header =
    "<!-- Generated by `npm run docs` from the component classes under components/. Do not edit by hand. -->";
  const byToken = new Map(components.map((c) => [c.token, c]));
  // The first sentence; one that introduces a list ("...: - a, - b") ends at its colon.
  const firstSentence = (s: string): string => (/^(.*?[.:])(\s|$)/.exec(s)?.[1] ?? s).replace(/:$/, ".");
  pages.set(
    "README.md",
    [
      "# Component reference",
      "",
      header,
      "",
      "Every `ComponentResource` of the platform, one page each: inputs (the Args interface, with defaults),",
      `outputs, and the resources it creates in the ${stacks.join(", ")} plans. Domains and layers: [engineering.md](../engineering.md).`,
      "",
      "| component | type token | what it is |",
      "| --- | --- | --- |",
      ...components.map(
        (c) => `| [${c.name}](${c.name}.md) | \`${c.token}\` | ${cell(firstSentence(c.summary))} |`,
      ),
      "",
    ].join("\n"),
  );
  for (const c of components) {
    const created = [...(children.get(c.token) ?? [])].sort();
    const lines = [
      `# ${c.name}`,
      "",
      header,
      "",
      `\`${c.token}\`, in [${c.file}](../../${c.file}).`,
      "",
      c.summary || "(no TSDoc)",
      "",
      "## Inputs",
      "",
    ];
    if (c.inputs.length === 0) {
      lines.push("None.", "");
    } else {
      lines.push("| input | type | required / default | description |", "| --- | --- | --- | --- |");
      for (const i of c.inputs) {
        const req = i.required ? "required" : (i.default ?? "optional");
        lines.push(`| \`${i.name}\` | \`${cell(i.type)}\` | ${cell(req)} | ${cell(i.doc)} |`);
      }
      lines.push("");
    }
    lines.push("## Outputs", "");
    if (c.outputs.length === 0) {
      lines.push("None.", "");
    } else {
      lines.push("| output | type | description |", "| --- | --- | --- |");
      for (const o of c.outputs) {
        lines.push(`| \`${o.name}\` | \`${cell(o.type)}\` | ${cell(o.doc)} |`);
      }
      lines.push("");
    }
    lines.push("## Resources created", "");
    if (created.length === 0) {
      lines.push(
        `None in the ${stacks.join(", ")} plans (the stacks do not build it, or build it empty).`,
        "",
      );
    } else {
      lines.push(`Direct children in the ${stacks.join(", ")} plans (some depend on inputs and tier):`, "");
      for (const type of created) {
        const nested = byToken.get(type);
        lines.push(nested ? `- [${nested.name}](${nested.name}.md) (\`${type}\`)` : `- \`${type}\``);
      }
      lines.push("");
    }
    pages.set(`${c.name}.md`, lines.join("\n"));
  }
  return pages;
}

/**
 * TSDoc as Markdown, for the references generated from the code (docs/outputs.md, docs/components/): the
 * compiler's display parts joined, with `{@link X}` and `{@link X | text}` rendered as code or as their text
 * rather than left raw, and whitespace folded into one line.
 */
import * as ts from "typescript";

/** Display parts (a symbol's documentation comment, or a tag's text) as one line of Markdown. */
export function markdownOf(parts: readonly ts.SymbolDisplayPart[] | undefined): string {
  let text = "";
  let linkText: string | undefined;
  for (const part of parts ?? []) {
    if (part.kind === "link") {
      // `{@link` opens, `}` closes: what lies between is the target and an optional text.
      if (part.text === "}" && linkText !== undefined) {
        text += linkText;
        linkText = undefined;
      } else {
        linkText = "";
      }
    } else if (linkText !== undefined && part.kind === "linkName") {
      linkText = `\`${part.text.trim()}\``;
    } else if (linkText !== undefined && part.kind === "linkText") {
      // The text after `|`, or an unresolved target (an identifier: as code).
      const t = part.text.trim();
      linkText = t === "" ? linkText : linkText === "" && /^[\w.#]+$/.test(t) ? `\`${t}\`` : t;
    } else if (linkText !== undefined) {
      linkText += part.text;
    } else {
      text += part.text;
    }
  }
  return text.replace(/\s+/g, " ").trim();
}

/** A symbol's documentation comment as one line of Markdown. */
export function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return markdownOf(symbol.getDocumentationComment(checker));
}

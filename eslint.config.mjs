// eslint flat config: typescript-eslint (type-aware), Pulumi's own rules against Outputs in template
// literals (use pulumi.interpolate), and sorted imports (eslint --fix sorts them).
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import simpleImportSort from "eslint-plugin-simple-import-sort";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["bin/**", "node_modules/**", ".plan/**", "sdk/dist/**", "**/*.js", "**/*.mjs", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@pulumi": pulumi, "simple-import-sort": simpleImportSort },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      // Imports in one order everywhere: packages, then the project's own modules, each alphabetical.
      "simple-import-sort/imports": "error",
      "simple-import-sort/exports": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "error",
      eqeqeq: ["error", "always"],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='pulumi'][callee.property.name='getStack']",
          message:
            "Environments differ by config and tier defaults; read the stack name only in stacks/config/index.ts.",
        },
      ],
    },
  },
  {
    // Policies return void from validate functions that the analyzer awaits; tests use chai-less asserts.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-expressions": "off",
    },
  },
  {
    files: ["stacks/config/index.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
);

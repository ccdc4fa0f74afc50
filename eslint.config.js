// Only the checks the type checker cannot make: a promise (a query, a transaction) that nobody awaits, or one
// passed where a plain value is expected (an `if`, a `.filter` predicate, a `forEach` callback); and the data layer's
// boundary: `db/` loads nothing from `app/` (the schema borrows the types of its JSON columns, which compile away).
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", "data/**", "test-results/**", "public/**", "content/**", ".cache/**", ".tmp/**"] },
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    files: ["db/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [{ group: ["**/app/**"], allowTypeImports: true, message: "db/ must not load app/ code: move it into db/ or have app/ pass it in" }] }],
    },
  },
);

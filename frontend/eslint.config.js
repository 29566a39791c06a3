// ESLint for the web UI: typescript-eslint's type-aware recommended rules and React's hook rules.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/"] },
  {
    files: ["src/**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "react-hooks": reactHooks },
    // A disable comment that no longer suppresses anything is an error too, so none go stale.
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // rules-of-hooks and the React Compiler's checks (refs, purity, immutability, …), as errors.
      ...reactHooks.configs["recommended-latest"].rules,
      // An error, not the preset's warning: a missing dependency is a stale value on screen, and
      // `make lint` fails only on errors. Where a key deliberately stands for its inputs, the
      // effect says so in an eslint-disable comment with the reason.
      "react-hooks/exhaustive-deps": "error",
      // An error: server data is TanStack Query's (api/queryClient.ts), and state that follows a
      // prop is adjusted during render or keyed, so an effect that sets state is a second render
      // showing stale data first (react.dev "You might not need an effect").
      "react-hooks/set-state-in-effect": "error",
    },
  },
);

import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config.ts";

// Pure tests run in Node; a component test opts into a browser DOM with `// @vitest-environment jsdom`.
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: { setupFiles: ["./src/testing/setup.ts"] },
  }),
);

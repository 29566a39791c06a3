import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the API runs on its own port; the built UI is served by the API itself.
const api = process.env.AISLE_API_URL ?? "http://127.0.0.1:8400";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { "/api": api, "/healthz": api, "/readyz": api },
  },
  // No source maps in the build: they would publish the source (the API refuses *.map too).
  // `npm run build` then writes .br/.gz copies of the assets (scripts/compress.mjs).
  build: { outDir: "dist", sourcemap: false },
});

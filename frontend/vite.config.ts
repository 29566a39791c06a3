import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the API runs on its own port; the built UI is served by the API itself.
const api = process.env.AISLE_API_URL ?? "http://127.0.0.1:8400";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { "/api": api, "/healthz": api, "/readyz": api },
  },
  build: { outDir: "dist", sourcemap: true },
});

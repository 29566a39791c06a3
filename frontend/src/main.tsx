import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles.css";
import { startTracking } from "./tracking/track";

const root = document.getElementById("root");
if (!root) throw new Error("missing #root element");
startTracking();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

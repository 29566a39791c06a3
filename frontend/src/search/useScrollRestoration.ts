/**
 * Put the results back where the shopper left them on Back: each history entry keeps its own
 * scroll position (in history.state), restored once that entry's results have rendered.
 *
 * The browser's own restoration runs before the results arrive (the page is still short), so it
 * is switched off; positions are saved as the shopper scrolls and when the page is left.
 */

import { useEffect, useRef } from "react";

const KEY = "aisleScrollY";
const SAVE_DEBOUNCE_MS = 150;
// Shelves and images may still grow the page after the results render; wait this long at most.
const SETTLE_MS = 3000;

function savedScroll(): number | null {
  const state: unknown = window.history.state;
  if (state && typeof state === "object" && KEY in state) {
    const y = (state as Record<string, unknown>)[KEY];
    return typeof y === "number" && y > 0 ? y : null;
  }
  return null;
}

function saveScroll(): void {
  const state: unknown = window.history.state;
  const base = state && typeof state === "object" ? (state as Record<string, unknown>) : {};
  window.history.replaceState({ ...base, [KEY]: window.scrollY }, "");
}

/** Scroll to `y`, retrying as the page grows, until reached, the shopper scrolls, or time runs out. */
function scrollWhenTall(y: number): () => void {
  const reach = () => {
    window.scrollTo(0, y);
    return Math.abs(window.scrollY - y) < 2;
  };
  if (reach()) return () => undefined;
  const observer = new ResizeObserver(() => {
    if (reach()) stop();
  });
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
    for (const kind of ["wheel", "touchstart", "keydown"]) window.removeEventListener(kind, stop);
  };
  const timer = setTimeout(stop, SETTLE_MS);
  observer.observe(document.body);
  // The shopper moving on their own wins over a restore still waiting for the page to grow.
  for (const kind of ["wheel", "touchstart", "keydown"]) window.addEventListener(kind, stop, { passive: true });
  return stop;
}

/** Restore the saved scroll position once `renderedKey` (the rendered results' state) is set. */
export function useScrollRestoration(renderedKey: string | null): void {
  const pending = useRef<number | null>(null);

  useEffect(() => {
    if ("scrollRestoration" in window.history) window.history.scrollRestoration = "manual";
    pending.current = savedScroll();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const scrolled = () => {
      clearTimeout(timer);
      timer = setTimeout(saveScroll, SAVE_DEBOUNCE_MS);
    };
    const popped = () => {
      pending.current = savedScroll();
    };
    window.addEventListener("scroll", scrolled, { passive: true });
    window.addEventListener("pagehide", saveScroll);
    window.addEventListener("popstate", popped);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("scroll", scrolled);
      window.removeEventListener("pagehide", saveScroll);
      window.removeEventListener("popstate", popped);
    };
  }, []);

  useEffect(() => {
    if (renderedKey === null || pending.current === null) return;
    const y = pending.current;
    pending.current = null;
    return scrollWhenTall(y);
  }, [renderedKey]);
}

/** Pages loaded on first use (React.lazy), so the shopper's first load carries only their own. */

import { lazy, type ComponentType, type LazyExoticComponent } from "react";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- lazy() takes any component's props
type AnyComponent = ComponentType<any>;

export type LazyPage<C extends AnyComponent> = LazyExoticComponent<C> & {
  /** Load the page's code now; once loaded it renders at once, without a Suspense fallback. */
  preload: () => Promise<void>;
};

const preloads: (() => Promise<void>)[] = [];

export function lazyPage<C extends AnyComponent>(load: () => Promise<C>): LazyPage<C> {
  let loaded: C | null = null;
  const preload = async () => {
    loaded ??= await load();
  };
  // A page already loaded is handed over by a thenable that answers at once: React.lazy then
  // renders it in the same pass (server rendering in tests, a second visit in the browser).
  const factory = (): Promise<{ default: C }> => {
    if (loaded) {
      const module = { default: loaded };
      // React only calls then(); a real Promise would answer a microtask later.
      return { then: (done: (value: typeof module) => unknown) => done(module) } as unknown as Promise<{ default: C }>;
    }
    return load().then((component) => ({ default: (loaded = component) }));
  };
  const page = lazy(factory) as LazyPage<C>;
  page.preload = preload;
  preloads.push(preload);
  return page;
}

/** Load every lazy page (tests render them synchronously afterwards). */
export async function preloadPages(): Promise<void> {
  await Promise.all(preloads.map((preload) => preload()));
}

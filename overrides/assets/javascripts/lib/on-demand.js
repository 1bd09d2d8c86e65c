// @ts-check
// Features that only some pages use ship in modules of their own, and only those pages
// load them: a page whose markup names a feature (data-pec-component="<name>") gets the
// script tag of features/<name>.js at the end of its content (hooks/modules.py). Such a
// module registers its mount here when it runs, and main.js mounts it in its place among
// the others. On the first page these modules run before main.js (module scripts run in
// the order of the page), so a page opened on a step link is settled in one task.
// Material's instant navigation re-creates the new content's scripts, but announces the
// page once the last of them has loaded: main.js waits for the others.

const mounts = new Map();
const FEATURE = /\/features\/([a-z-]+)\.js$/;

/** Register the mount of the feature `name`, whose module is features/<name>.js. */
export function provide(name, mount) {
  mounts.set(name, mount);
}

/**
 * A mount for main.js's list: the feature `name` where the page names it and its module
 * has run, nothing elsewhere. Named after the feature for the performance measures.
 */
export function onDemand(name) {
  const mount = (root) => {
    const run = root.querySelector(`[data-pec-component="${name}"]`) ? mounts.get(name) : undefined;
    return run ? run(root) : () => {};
  };
  Object.defineProperty(mount, "name", { value: name });
  return mount;
}

/**
 * The modules of the page's features that have not run yet, as one promise to wait for,
 * or null when all have (always on the page the browser opened).
 */
export function stillLoading(root) {
  const loading = [];
  for (const script of root.querySelectorAll('script[type="module"][src]')) {
    const name = FEATURE.exec(new URL(script.src).pathname)?.[1];
    if (name && !mounts.has(name)) loading.push(import(script.src));
  }
  return loading.length ? Promise.all(loading) : null;
}

// @ts-check
// The mounts of the features that only some pages load (main.js says how): each such
// module registers its mount here when it runs, and main.js, which does not import it,
// mounts it from here. Every one of those modules imports this one: it stays this small.

const mounts = new Map();

/** Register the mount of the feature `name`, whose module is features/<name>.js. */
export function provide(name, mount) {
  mounts.set(name, mount);
}

/** The mount of the feature `name`, once its module has run. */
export function provided(name) {
  return mounts.get(name);
}

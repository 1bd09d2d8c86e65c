// @ts-check
// On paper, nothing is folded away: the collapsed blocks of a page (each step's help
// among them) open for printing and close again afterwards. The PDFs open them
// themselves (tools/pdf.js); this covers the browser's own Print.

export function mountPrint(root) {
  const controller = new AbortController();
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...root.querySelectorAll("article details:not([open])")];
    opened.forEach((details) => (details.open = true));
  }, { signal: controller.signal });
  window.addEventListener("afterprint", () => {
    opened.forEach((details) => (details.open = false));
    opened = [];
  }, { signal: controller.signal });
  return () => controller.abort();
}

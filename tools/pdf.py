"""Export the guides as PDFs from the built site: `python -m tools.pdf site`.

Each document of data/pdf.yml becomes one PDF, printed by Chromium from the site's own
pages with the site's print stylesheet: a title page with the build date and the site's
address, a table of contents, then each page's content. Links between the included pages
stay inside the PDF; other links point at the site online. Chromium writes the bookmarks
(from the headings) and the tags.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.utils import yaml_load
from playwright.async_api import BrowserContext, async_playwright
from pypdf import PdfReader

from tools.site import ROOT, chromium_launch_options, serve_directory, sitemap_urls

DOCUMENTS_FILE = ROOT / "data" / "pdf.yml"
PDF_DIR = "pdf"
# Page numbers at the foot of every page. Chromium renders this template on its own, so
# its style has to be inline.
FOOTER = (
    '<div style="width:100%;font-size:8px;color:#666;text-align:center;'
    'font-family:system-ui,sans-serif"><span class="pageNumber"></span> / '
    '<span class="totalPages"></span></div>'
)

# Runs in the page: lays out the title page, the contents and every page's article in the
# page's own <article>, so the site's styles apply. Runs with the page's scripts off.
COMPOSE = """
async ({ pages, title, text, siteUrl, built }) => {
  const root = new URL("/", location.href);
  const slug = (url) => url.replace(/\\/$/, "").replace(/\\//g, "-") || "home";
  const included = new Map(pages.map((url) => [new URL(url, root).href, slug(url)]));
  const article = document.querySelector("article.md-content__inner");
  const make = (tag, className, content) => {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (content) element.textContent = content;
    return element;
  };

  const cover = make("section", "pec-print-cover");
  cover.append(make("h1", "", title), make("p", "", `${text.online} ${siteUrl}`),
               make("p", "", `${text.built} ${built}`));
  const contents = make("nav", "pec-print-toc");
  const list = make("ol");
  contents.append(make("h1", "", text.contents), list);
  const sections = [];

  for (const url of pages) {
    const pageUrl = new URL(url, root);
    const response = await fetch(pageUrl);
    if (!response.ok) throw new Error(`${pageUrl}: HTTP ${response.status}`);
    const html = new DOMParser().parseFromString(await response.text(), "text/html");
    const body = html.querySelector("article.md-content__inner");
    const prefix = slug(url);
    body.querySelectorAll(".headerlink, .pec-download").forEach((element) => element.remove());
    // Every page keeps its own ids and tab groups, side by side with the others.
    body.querySelectorAll("[id]").forEach((element) => (element.id = `${prefix}--${element.id}`));
    body.querySelectorAll("label[for]").forEach((label) => (label.htmlFor = `${prefix}--${label.htmlFor}`));
    body.querySelectorAll("input[name]").forEach((input) => (input.name = `${prefix}--${input.name}`));
    body.querySelectorAll("img[src]").forEach((img) => {
      img.loading = "eager";  // on paper every tab shows, so every picture is needed
      img.src = new URL(img.getAttribute("src"), pageUrl).href;
    });
    body.querySelectorAll("a[href]").forEach((link) => {
      const target = new URL(link.getAttribute("href"), pageUrl);
      const page = included.get(target.origin + target.pathname);
      if (page) link.setAttribute("href", target.hash ? `#${page}--${target.hash.slice(1)}` : `#${page}`);
      else if (target.origin === root.origin) link.href = new URL(target.pathname.slice(1) + target.search + target.hash, siteUrl).href;
    });

    const section = make("section", "pec-print-page");
    section.id = prefix;
    section.append(...body.childNodes);
    sections.push(section);

    const heading = section.querySelector("h1");
    const entry = make("li");
    const link = make("a", "", heading ? heading.textContent.trim() : url);
    link.href = `#${prefix}`;
    const steps = make("ol");
    for (const step of section.querySelectorAll("h2[id]")) {
      const item = make("li");
      const stepLink = make("a", "", step.textContent.trim());
      stepLink.href = `#${step.id}`;
      item.append(stepLink);
      steps.append(item);
    }
    entry.append(link, steps);
    list.append(entry);
  }

  article.replaceChildren(cover, contents, ...sections);
  await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
}
"""


@dataclass
class Exported:
    path: Path
    pages: int
    seconds: float


def documents() -> tuple[list[dict], dict]:
    data = yaml.safe_load(DOCUMENTS_FILE.read_text(encoding="utf-8"))
    return data["documents"], data["text"]


def navigation_pages() -> list[str]:
    """Page addresses in the order of the site's navigation."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as config:
        nav = yaml_load(config)["nav"]

    def flatten(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            yield from flatten(value) if isinstance(value, list) else [value]

    return ["" if src == "index.md" else src.removesuffix(".md").removesuffix("index") + "/"
            for src in flatten(nav)]


def pages_of(document: dict) -> list[str]:
    if document["pages"] == "navigation":
        return [url for url in navigation_pages() if url not in document.get("except", [])]
    return list(document["pages"])


async def export_one(context: BrowserContext, base_url: str, document: dict, words: dict,
                     out: Path) -> Exported:
    start = time.perf_counter()
    page = await context.new_page()
    await page.goto(base_url)
    await page.evaluate(COMPOSE, {"pages": pages_of(document), "title": document["title"], **words})
    path = out / document["file"]
    await page.pdf(path=str(path), format="A4", print_background=True, outline=True, tagged=True,
                   display_header_footer=True, header_template="<span></span>",
                   footer_template=FOOTER,
                   margin={"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})
    await page.close()
    return Exported(path, len(PdfReader(path).pages), time.perf_counter() - start)


async def export(site_dir: Path) -> list[Exported]:
    """Write every document of data/pdf.yml into site_dir/pdf/, all at once."""
    out = site_dir / PDF_DIR
    out.mkdir(exist_ok=True)
    docs, text = documents()
    # The same for every document: the printed words, the site's online address (the
    # sitemap's first, the home page) and the build date.
    words = {"text": text, "siteUrl": sitemap_urls(site_dir)[0],
             "built": datetime.date.today().isoformat()}
    with serve_directory(site_dir) as base_url:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(**chromium_launch_options())
            # The page's own scripts stay off: a PDF is the printed page, with no screen
            # behaviour. One context for all, so the stylesheets load once.
            context = await browser.new_context(java_script_enabled=False)
            try:
                return await asyncio.gather(*(
                    export_one(context, base_url, document, words, out)
                    for document in docs))
            finally:
                await browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (make build writes site/)")
    args = parser.parse_args()
    start = time.perf_counter()
    results = asyncio.run(export(args.site))
    for result in results:
        size = result.path.stat().st_size / 1024
        print(f"pdf: {result.path.name:<28} {result.pages:>3} pages {size:>7.0f} KB "
              f"{result.seconds:>6.2f} s")
    print(f"pdf: {len(results)} PDFs in {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

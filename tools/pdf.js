// Runs in a page of the built site, for tools/pdf.py: lays out a PDF's title page, its
// contents and every included page's article in the page's own <article>, so the site's
// print styles apply. The page's own scripts are off. Pages are addresses below the
// edition's root, which is Material's `base`: the site need not sit at the server's root.
async ({ pages, title, text, siteUrl, built, pageHeight }) => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const root = new URL(config.base.endsWith("/") ? config.base : `${config.base}/`, location.href);
  const slug = (url) => url.replace(/\/$/, "").replace(/\//g, "-") || "home";
  const included = new Map(pages.map((url) => [new URL(url, root).href, slug(url)]));
  const article = document.querySelector("article.md-content__inner");
  const make = (tag, className, content) => {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (content) element.textContent = content;
    return element;
  };

  // The site's public address, when the build was given one (siteUrl is null otherwise:
  // then no line or link of the PDF names an online address).
  const cover = make("section", "pec-print-cover");
  cover.append(make("h1", "", title));
  if (siteUrl) cover.append(make("p", "", `${text.online} ${siteUrl}`));
  cover.append(make("p", "", `${text.built} ${built}`));
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
    // Each tab under its label, in the page's order: block layout, so a label stays with
    // its tab and the page breaks between tabs rather than inside them (Material prints
    // tabs as flexible boxes, which Chromium breaks less carefully).
    body.querySelectorAll(".tabbed-set").forEach((set) => {
      const tabs = make("div", "pec-print-tabs");
      const labels = [...set.querySelectorAll(":scope > .tabbed-labels > label")];
      const blocks = [...set.querySelectorAll(":scope > .tabbed-content > .tabbed-block")];
      blocks.forEach((block, index) => {
        const tab = make("div", "pec-print-tab");
        tab.append(make("p", "pec-print-tab__label", labels[index]?.textContent.trim() ?? ""), ...block.childNodes);
        tabs.append(tab);
      });
      set.replaceWith(tabs);
    });
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
      else if (target.href.startsWith(root.href) && siteUrl) link.href = new URL(target.href.slice(root.href.length), siteUrl).href;
      // A page of the site the PDF leaves out, while the site has no address: its words.
      else if (target.href.startsWith(root.href)) link.replaceWith(...link.childNodes);
    });

    const section = make("section", "pec-print-page");
    section.id = prefix;
    section.append(...body.childNodes);
    sections.push(section);
  }

  article.replaceChildren(cover, contents, ...sections);
  // The contents list what paper prints: laid out now, a heading print hides (guided
  // mode's end, say) has no box, and gets no entry.
  const printed = (element) => element.getClientRects().length > 0;
  for (const section of sections) {
    const heading = section.querySelector("h1");
    const entry = make("li");
    const link = make("a", "", heading ? heading.textContent.trim() : section.id);
    link.href = `#${section.id}`;
    const steps = make("ol");
    for (const step of [...section.querySelectorAll("h2[id]")].filter(printed)) {
      const item = make("li");
      const stepLink = make("a", "", step.textContent.trim());
      stepLink.href = `#${step.id}`;
      item.append(stepLink);
      steps.append(item);
    }
    entry.append(link, steps);
    list.append(entry);
  }
  // A step that fits on a page stays whole: measured in print layout, at the page's
  // width (tools/pdf.py sets both), against the page's printable height.
  const page = pageHeight;
  article.querySelectorAll(".pec-step-section").forEach((step) => {
    if (step.getBoundingClientRect().height < page * 0.9) step.classList.add("pec-print-keep");
  });
  // Chromium writes the page's title as the PDF's title, which PDF readers show first.
  document.title = title;
  // On paper every collapsed block is open, and every tab shows under its label.
  article.querySelectorAll("details").forEach((details) => (details.open = true));
  await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
}

/*
 * Hover previews (issue 11, item 3): pointing at (or tabbing to) a link to an entity page
 * (people/, states/, organizations/, places/) or an article page (articles/...) shows a small card.
 *
 *   entity:  its type and article count (assets/search/entities.json), its description and
 *            latest headline (read from the entity's own page)
 *   article: its date and summary (read from the article's own page: its byline's date, and the
 *            summary it shows, else the opening of its text, with which its summary then
 *            begins: the published page leaves out Pagefind's hidden copy, generator/site/slim.py)
 *
 * Lazy: nothing is fetched until a link has been pointed at or focused for a moment; each page
 * is fetched once (cached per URL). The links are ordinary links: with JavaScript off, or on a
 * touch screen (no hover), they simply work. The card is never focusable (it cannot trap focus),
 * Escape hides it, and everything read from a page is set with textContent, never as HTML.
 */
(function () {
  "use strict";

  // previews.js is <root>/assets/javascripts/previews.js: the site root (maybe a sub-path).
  var SCRIPT = document.currentScript && document.currentScript.src;
  var ROOT = SCRIPT ? new URL("../../", SCRIPT) : new URL("../", location.href);
  var ENTITIES = new URL("assets/search/entities.json", ROOT).href;
  var DELAY = 350; // ms a pointer rests on a link before its card is asked for
  var FOCUS_DELAY = 150;
  var HIDE_DELAY = 250; // time to move the pointer from the link onto the card

  var FOLDERS = { people: "person", states: "state", organizations: "organization", places: "place" };
  var ENTITY_PATH = /^(people|states|organizations|places)\/([^\/?#]+)\/(?:index\.html)?$/;
  var ARTICLE_PATH = /^articles\/\d{4}\/\d{2}\/[^\/?#]+\/(?:index\.html)?$/;

  var entitiesPromise = null; // "people/kim-jong-un" -> {name, type, count}
  var pages = {};             // URL -> Promise of what the preview shows from that page
  var card = null;
  var shownFor = null;        // the link whose card is shown
  var showTimer = 0;
  var hideTimer = 0;
  var dismissed = null;       // the link whose card Escape hid (until the pointer or focus leaves it)
  var canHover = window.matchMedia ? window.matchMedia("(hover: hover) and (pointer: fine)") : null;

  function slug(name) { // generator/pages/entity_pages.py made_slug, as in search.js
    return name.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function folderOf(type) {
    for (var folder in FOLDERS) if (FOLDERS[folder] === type) return folder;
    return null;
  }

  function loadEntities() {
    if (!entitiesPromise) {
      entitiesPromise = fetch(ENTITIES, { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.json() : [];
      }).then(function (rows) {
        var byId = {};
        (Array.isArray(rows) ? rows : []).forEach(function (row) {
          if (!Array.isArray(row) || typeof row[0] !== "string") return;
          var folder = folderOf(row[1]);
          if (!folder) return;
          byId[folder + "/" + (row[2] || slug(row[0]))] = { name: row[0], type: row[1], count: +row[3] || 0 };
        });
        return byId;
      }).catch(function () { return {}; });
    }
    return entitiesPromise;
  }

  // What a link points at: {kind: "entity"|"article", id, url}, or null for any other link.
  function target(link) {
    var href = link.getAttribute("href");
    if (!href || href.charAt(0) === "#" || link.hasAttribute("download")) return null;
    var url;
    try { url = new URL(link.href); } catch (e) { return null; }
    if (url.origin !== ROOT.origin || url.pathname.indexOf(ROOT.pathname) !== 0) return null;
    var path = decodeURIComponent(url.pathname.slice(ROOT.pathname.length));
    var page = url.origin + url.pathname;
    if (page === location.origin + location.pathname) return null; // this very page
    var entity = ENTITY_PATH.exec(path);
    if (entity) return { kind: "entity", id: entity[1] + "/" + entity[2], url: page };
    if (ARTICLE_PATH.test(path)) return { kind: "article", id: path, url: page };
    return null;
  }

  function clean(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  function shorten(text, max) {
    text = clean(text);
    if (text.length <= max) return text;
    var cut = text.slice(0, max);
    var space = cut.lastIndexOf(" ");
    return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, "") + "…";
  }

  // The page's HTML, parsed inertly (DOMParser runs no script and loads nothing), read as text.
  function readPage(url) {
    if (!pages[url]) {
      pages[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        return {
          title: clean((doc.querySelector("article h1") || doc.querySelector("h1") || {}).textContent),
          meta: pagefindMeta(doc),
          description: description(doc),
          opening: opening(doc),
          latest: latestHeadline(doc),
          date: clean((doc.querySelector("article .md-typeset em, article em") || {}).textContent)
        };
      }).catch(function () {
        delete pages[url]; // try again next time
        return null;
      });
    }
    return pages[url];
  }

  function pagefindMeta(doc) {
    var meta = {};
    Array.prototype.forEach.call(doc.querySelectorAll("[data-pagefind-meta]"), function (node) {
      var value = node.getAttribute("data-pagefind-meta") || "";
      var colon = value.indexOf(":");
      if (colon > 0) meta[value.slice(0, colon)] = value.slice(colon + 1);
      else if (/^[a-z_]+$/.test(value)) meta[value] = clean(node.textContent);  // the element's own text
    });
    return meta;
  }

  // An entity's description: the first paragraph after its title, written above the generated part.
  function description(doc) {
    var h1 = doc.querySelector("article h1");
    for (var node = h1 && h1.nextElementSibling; node; node = node.nextElementSibling) {
      if (node.hasAttribute("data-pagefind-ignore")) return "";
      if (node.tagName === "P" && clean(node.textContent)) return clean(node.textContent);
    }
    return "";
  }

  // An article's opening text: its paragraphs outside the byline, summary and generated lists
  // (data-pagefind-ignore), as far as a card shows. An article whose text begins with its
  // summary (generator/pages/article_page.py page_inputs) shows none of its own.
  function opening(doc) {
    var body = doc.querySelector("article [data-pagefind-body]") || doc.querySelector("article");
    var paragraphs = body ? body.querySelectorAll("p") : [];
    var text = "";
    for (var i = 0; i < paragraphs.length && text.length < 300; i++) {
      if (paragraphs[i].closest("[data-pagefind-ignore]")) continue;
      text = clean(text + " " + paragraphs[i].textContent);
    }
    return text;
  }

  // An entity's latest article: the first article link of its timeline (newest first).
  function latestHeadline(doc) {
    var heading = doc.getElementById("timeline");
    var links = doc.querySelectorAll("article a[href*='articles/']");
    for (var i = 0; i < links.length; i++) {
      if (!heading || heading.compareDocumentPosition(links[i]) & Node.DOCUMENT_POSITION_FOLLOWING) {
        if (/\/articles\/\d{4}\/\d{2}\//.test(new URL(links[i].getAttribute("href"), "http://x/a/b/c/d/").pathname)) {
          return clean(links[i].textContent);
        }
      }
    }
    return "";
  }

  function formatDate(iso) {
    var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    if (!match) return "";
    var months = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"];
    return +match[3] + " " + months[+match[2] - 1] + " " + match[1];
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function ensureCard() {
    if (!card) {
      card = el("div", "kb-preview");
      card.id = "kb-preview";
      card.setAttribute("role", "tooltip");
      card.hidden = true;
      card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      card.addEventListener("mouseleave", function () { scheduleHide(); });
      document.body.appendChild(card);
    }
    return card;
  }

  function fill(what, entity, page) {
    var box = ensureCard();
    box.textContent = "";
    box.setAttribute("data-kind", what.kind);
    box.setAttribute("data-id", what.id);
    if (what.kind === "entity") {
      var name = (entity && entity.name) || (page && page.title) || "";
      if (name) box.appendChild(el("strong", "kb-preview__title", name));
      var facts = [];
      if (entity) {
        facts.push(entity.type);
        facts.push(entity.count + (entity.count === 1 ? " article" : " articles"));
      }
      if (facts.length) box.appendChild(el("span", "kb-preview__meta", facts.join(" · ")));
      if (page && page.description) box.appendChild(el("p", "kb-preview__text", shorten(page.description, 220)));
      if (page && page.latest) {
        var latest = el("p", "kb-preview__latest");
        latest.appendChild(el("span", "kb-preview__label", "Latest: "));
        latest.appendChild(document.createTextNode(shorten(page.latest, 140)));
        box.appendChild(latest);
      }
    } else {
      var title = (page && (page.meta.title || page.title)) || "";
      if (title) box.appendChild(el("strong", "kb-preview__title", shorten(title, 160)));
      var date = page ? formatDate(page.meta.date) || page.date : "";
      if (date) box.appendChild(el("span", "kb-preview__meta", date));
      var summary = page && (page.meta.summary || page.opening);
      if (summary) box.appendChild(el("p", "kb-preview__text", shorten(summary, 260)));
    }
    return box.childNodes.length > 0;
  }

  function place(link) {
    var box = ensureCard();
    var rect = link.getBoundingClientRect();
    var width = box.offsetWidth;
    var height = box.offsetHeight;
    var left = Math.min(Math.max(rect.left, 8), Math.max(document.documentElement.clientWidth - width - 8, 8));
    var below = rect.bottom + 6;
    var top = below + height > window.innerHeight && rect.top - height - 6 > 0 ? rect.top - height - 6 : below;
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    var what = target(link);
    if (!what) return;
    var request = Promise.all([what.kind === "entity" ? loadEntities() : Promise.resolve(null), readPage(what.url)]);
    request.then(function (results) {
      if (link !== pending || dismissed === link) return;
      var entity = results[0] && results[0][what.id];
      if (!fill(what, entity, results[1])) return;
      hide();
      var box = ensureCard();
      box.hidden = false;
      shownFor = link;
      link.setAttribute("aria-describedby", box.id);
      place(link);
    });
  }

  var pending = null; // the link a card is being prepared for

  function schedule(link, delay) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (shownFor === link) return;
    pending = link;
    showTimer = setTimeout(function () { show(link); }, delay);
  }

  function hide() {
    if (card) card.hidden = true;
    if (shownFor && shownFor.getAttribute("aria-describedby") === "kb-preview") shownFor.removeAttribute("aria-describedby");
    shownFor = null;
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    pending = null;
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  function linkOf(event) {
    var node = event.target;
    var link = node && node.closest ? node.closest("a[href]") : null;
    if (!link || (card && card.contains(link))) return null;
    return target(link) ? link : null;
  }

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType !== "mouse" || (canHover && !canHover.matches)) return;
    var link = linkOf(event);
    if (link && link !== dismissed) schedule(link, DELAY);
  });
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType !== "mouse") return;
    var link = linkOf(event);
    if (!link || (event.relatedTarget && link.contains(event.relatedTarget))) return;
    if (dismissed === link) dismissed = null;
    if (pending === link || shownFor === link) scheduleHide();
  });
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event);
    if (!link) return;
    // Keyboard focus only: a tap on a touch screen focuses the link too, and must just follow it.
    var keyboard = true;
    try { keyboard = link.matches(":focus-visible"); } catch (e) { /* old browsers: assume keyboard */ }
    if (keyboard) schedule(link, FOCUS_DELAY);
  });
  document.addEventListener("focusout", function (event) {
    var link = linkOf(event);
    if (!link) return;
    if (dismissed === link) dismissed = null;
    if (pending === link || shownFor === link) {
      clearTimeout(showTimer);
      pending = null;
      hide();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") return;
    if (shownFor || pending) {
      dismissed = shownFor || pending;
      clearTimeout(showTimer);
      pending = null;
      hide();
    }
  });
  // A click follows the link: no card over the page it leaves (or, with instant loading, the next).
  document.addEventListener("click", function () { clearTimeout(showTimer); pending = null; hide(); }, true);
  window.addEventListener("scroll", function () { if (shownFor) place(shownFor); }, { passive: true });
  window.addEventListener("resize", function () { if (shownFor) place(shownFor); });
})();

/*
 * Graph view: the co-mention network of entities (docs/graph/index.md).
 *
 * This file is loaded on every page (mkdocs.yml extra_javascript) but is tiny and does nothing
 * unless the page holds the graph container #kb-graph: only then does it load the vendored
 * Cytoscape.js (assets/vendor/cytoscape/, ~440 kB) and the graph data (assets/graph/*.json),
 * both from the site itself, so the graph works with no network.
 *
 *   <root>/graph/                               the 150 most-mentioned entities and their links
 *   <root>/graph/#entity=people/kim-jong-un     one entity's neighbourhood, the entity in the centre
 *
 * Names come from WordPress-derived data: they are only ever drawn by Cytoscape on its canvas or
 * set with textContent, never parsed as HTML. The Cytoscape instance is window.kbGraph.
 */
(function () {
  "use strict";

  // graph.js is <root>/assets/javascripts/graph.js: the site root (which may be a sub-path such
  // as /wp-knowledge-base/) follows from the script's own address, whatever page loaded it.
  var SCRIPT = document.currentScript && document.currentScript.src;
  var ROOT = SCRIPT ? new URL("../../", SCRIPT) : new URL("../", location.href);
  var LIBRARY = new URL("assets/vendor/cytoscape/cytoscape.min.js", ROOT).href;
  var NETWORK = "assets/graph/graph.json";
  var ENTITIES = "assets/search/entities.json"; // [name, type, slug, articles, ...aliases]
  var TOP_LABELS = 20; // the whole network names its most connected entities at any zoom
  var LABEL_PX = 12;   // ... at least this large on screen
  var LABEL_WIDTH = 110; // ... wrapped at this width (screen pixels)

  var TYPES = [
    { type: "person", folder: "people", label: "People", one: "person" },
    { type: "state", folder: "states", label: "States", one: "state" },
    { type: "organization", folder: "organizations", label: "Organizations", one: "organization" },
    { type: "place", folder: "places", label: "Places", one: "place" }
  ];
  var FOLDER_TYPE = {};
  TYPES.forEach(function (t) { FOLDER_TYPE[t.folder] = t; });

  var libraryPromise = null;
  var current = null; // the live graph on this page: {cy, container, ...}

  function loadLibrary() {
    if (window.cytoscape) return Promise.resolve(window.cytoscape);
    if (!libraryPromise) {
      libraryPromise = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = LIBRARY;
        tag.async = true;
        tag.onload = function () {
          if (window.cytoscape) resolve(window.cytoscape);
          else reject(new Error("the graph library did not load"));
        };
        tag.onerror = function () {
          libraryPromise = null;
          reject(new Error("the graph library could not be loaded"));
        };
        document.head.appendChild(tag);
      });
    }
    return libraryPromise;
  }

  function fetchJSON(path) {
    return fetch(new URL(path, ROOT).href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  // "#entity=people/kim-jong-un" -> {id, path}; anything else -> null (the whole network).
  function entityFromHash() {
    var hash = location.hash.replace(/^#/, "");
    if (!hash) return null;
    var id;
    try {
      id = new URLSearchParams(hash).get("entity");
    } catch (e) {
      return null;
    }
    var match = id && /^([a-z]+)\/([^\/?#]+)$/.exec(id);
    if (!match || !FOLDER_TYPE[match[1]] || match[2] === "." || match[2] === "..") return null;
    return { id: id, path: "assets/graph/" + match[1] + "/" + encodeURIComponent(match[2]) + ".json" };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function pageURL(url) {
    return new URL(url, ROOT).href;
  }

  // As search.js compares names (and generator/pages/entity_pages.py entity_names): case, spaces and
  // punctuation aside; and an entity page's slug when entities.json leaves it out.
  function plain(text) {
    return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  }

  function slug(name) {
    return name.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  // The graph data's counts have two significant digits, rounded down (pages/graph.py): from 100
  // up, "1200+ articles" says what is known.
  function articles(n) {
    return n >= 100 ? n + "+ articles" : plural(n, "article", "articles");
  }

  // Colours live in graph.css (custom properties, light and dark); Cytoscape needs plain values.
  function palette(container) {
    var css = getComputedStyle(container);
    function get(name, fallback) {
      var value = css.getPropertyValue(name).trim();
      return value || fallback;
    }
    var font = getComputedStyle(document.body).fontFamily.replace(/'/g, '"');
    if (!/^[\w\- ",]+$/.test(font)) font = "Helvetica, Arial, sans-serif";
    return {
      person: get("--kb-graph-person", "#3b6fd6"),
      state: get("--kb-graph-state", "#d1453b"),
      organization: get("--kb-graph-organization", "#2a9657"),
      place: get("--kb-graph-place", "#c27803"),
      text: get("--kb-graph-text", "#1f2328"),
      halo: get("--kb-graph-halo", "#ffffff"),
      edge: get("--kb-graph-edge", "#8a93a3"),
      font: font
    };
  }

  function graphStyle(colours) {
    var style = [
      {
        selector: "node",
        style: {
          "width": "data(size)",
          "height": "data(size)",
          "background-color": colours.edge,
          "border-width": 1,
          "border-color": colours.halo,
          "label": "data(name)",
          "font-family": colours.font,
          "font-size": "data(font)",
          "color": colours.text,
          "text-valign": "bottom",
          "text-halign": "center",
          "text-margin-y": 3,
          "text-outline-color": colours.halo,
          "text-outline-width": 2,
          "text-wrap": "ellipsis",
          "text-max-width": "160px",
          "min-zoomed-font-size": 9,
          "overlay-opacity": 0
        }
      },
      {
        selector: "edge",
        style: {
          "width": "data(width)",
          "line-color": colours.edge,
          "line-opacity": 0.45,
          "curve-style": "straight",
          "overlay-opacity": 0
        }
      },
      { selector: "edge.kb-implied", style: { "line-style": "dashed", "line-dash-pattern": [4, 4] } },
      { selector: "edge.kb-side", style: { "line-opacity": 0.2 } },
      { selector: "edge.kb-spoke", style: { "line-opacity": 0.7 } },
      {
        selector: "node.kb-center",
        style: {
          "border-width": 4,
          "border-color": colours.text,
          "font-weight": "bold",
          "min-zoomed-font-size": 0,
          "z-index": 10
        }
      },
      {
        selector: "node.kb-hover",
        style: { "border-width": 3, "border-color": colours.text, "min-zoomed-font-size": 0, "z-index": 20 }
      },
      { selector: "edge.kb-hover", style: { "line-color": colours.text, "line-opacity": 0.8 } },
      {
        selector: "node.kb-top",
        style: { "min-zoomed-font-size": 0, "font-weight": "bold", "z-index": 5 }
      },
      { selector: "node.kb-top.kb-nolabel", style: { "text-opacity": 0 } },
      {
        selector: "node.kb-found",
        style: { "border-width": 5, "border-color": colours.text, "min-zoomed-font-size": 0,
                 "text-opacity": 1, "z-index": 30 }
      },
      { selector: "node.kb-faded", style: { "opacity": 0.25 } },
      { selector: "edge.kb-faded", style: { "line-opacity": 0.08 } },
      { selector: ".kb-hidden", style: { "display": "none" } }
    ];
    TYPES.forEach(function (t) {
      style.splice(1, 0, { selector: 'node[type = "' + t.type + '"]', style: { "background-color": colours[t.type] } });
    });
    return style;
  }

  // Graph data -> Cytoscape elements, sizes scaled to the largest count in view.
  function elements(data, center) {
    var nodes = Array.isArray(data.nodes) ? data.nodes : [];
    var edges = Array.isArray(data.edges) ? data.edges : [];
    var known = {};
    var max = 1;
    nodes.forEach(function (n) { max = Math.max(max, +n.count || 0); });
    var result = [];
    nodes.forEach(function (n, index) {
      if (!n || typeof n.id !== "string" || known[n.id]) return;
      known[n.id] = true;
      var share = Math.sqrt(Math.max(+n.count || 0, 0) / max);
      result.push({
        group: "nodes",
        data: {
          id: n.id,
          name: String(n.name || n.id),
          type: String(n.type || (FOLDER_TYPE[n.id.split("/")[0]] || {}).type || ""),
          count: +n.count || 0,
          url: String(n.url || n.id + "/"),
          rank: index,
          size: Math.round(14 + 46 * share),
          // The whole network is seen zoomed out: big labels for the most-mentioned, the others
          // appear as one zooms in (min-zoomed-font-size).
          font: Math.round(center ? 11 + 7 * share : 10 + 16 * share)
        },
        classes: n.id === center ? "kb-center" : ""
      });
    });
    var linked = {};
    edges.forEach(function (e, index) {
      // An edge is {source, target, weight} or, shorter, [source's index, target's index, weight]
      // in nodes (a node's type and url follow from its id too): 21 MB of graph data at 10,000
      // articles as objects, 6 MB as index triples (BENCHMARKS.md, site size).
      if (Array.isArray(e)) e = { source: (nodes[e[0]] || {}).id, target: (nodes[e[1]] || {}).id, weight: e[2] };
      if (!e || !known[e.source] || !known[e.target] || e.source === e.target) return;
      var weight = Math.max(+e.weight || 1, 1);
      var spoke = center && (e.source === center || e.target === center);
      if (spoke) linked[e.source === center ? e.target : e.source] = true;
      result.push({
        group: "edges",
        data: { id: "e" + index, source: e.source, target: e.target, weight: weight,
                width: Math.round((0.6 + 1.1 * Math.sqrt(weight)) * 10) / 10 },
        classes: spoke ? "kb-spoke" : center ? "kb-side" : ""
      });
    });
    // Every entity in a neighbourhood is mentioned with its centre; the data keeps only each
    // node's strongest links, so draw the missing spokes (dashed: how often is not known here).
    if (center && known[center]) {
      nodes.forEach(function (n) {
        if (!n || n.id === center || linked[n.id] || !known[n.id]) return;
        linked[n.id] = true;
        result.push({
          group: "edges",
          data: { id: "s-" + n.id, source: center, target: n.id, weight: 0, width: 1 },
          classes: "kb-spoke kb-implied"
        });
      });
    }
    return result;
  }

  function layoutOptions(cy, center) {
    if (center) {
      // The centre alone in the middle; its neighbours in rings, the most co-mentioned closest.
      var n = cy.nodes().length;
      return {
        name: "concentric",
        concentric: function (node) { return node.id() === center ? n + 100 : n - node.data("rank"); },
        levelWidth: function () { return 9; },
        minNodeSpacing: 36,
        spacingFactor: 1.15,
        startAngle: -Math.PI / 2,
        avoidOverlap: true,
        animate: false,
        fit: true,
        padding: 40
      };
    }
    // Deterministic: seeded on a sunflower spiral (most-mentioned in the middle), then relaxed by
    // the force-directed "cose" layout without randomising, so the same data gives the same picture.
    cy.nodes().sort(function (a, b) { return a.data("rank") - b.data("rank"); }).forEach(function (node, i) {
      var r = 40 * Math.sqrt(i + 0.5);
      var angle = i * 2.399963229728653;
      node.position({ x: r * Math.cos(angle), y: r * Math.sin(angle) });
    });
    return {
      name: "cose",
      randomize: false,
      animate: false,
      fit: true,
      padding: 30,
      nodeRepulsion: function () { return 2000000; },
      idealEdgeLength: function () { return 150; },
      edgeElasticity: function () { return 200; },
      nodeOverlap: 20,
      gravity: 0.1,
      numIter: 2000
    };
  }

  function buildUI(container) {
    container.textContent = "";
    var bar = el("div", "kb-graph__bar");
    var types = el("fieldset", "kb-graph__types");
    types.appendChild(el("legend", "kb-graph__legend", "Show"));
    var boxes = {};
    TYPES.forEach(function (t) {
      var label = el("label", "kb-graph__type");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = t.type;
      box.name = "kb-graph-type";
      var swatch = el("span", "kb-graph__swatch kb-graph__swatch--" + t.type);
      swatch.setAttribute("aria-hidden", "true");
      label.appendChild(box);
      label.appendChild(swatch);
      label.appendChild(document.createTextNode(t.label));
      types.appendChild(label);
      boxes[t.type] = box;
    });
    var actions = el("div", "kb-graph__actions");
    var whole = el("button", "md-button kb-graph__whole", "Whole network");
    whole.type = "button";
    var fit = el("button", "md-button kb-graph__fit", "Fit to view");
    fit.type = "button";
    actions.appendChild(whole);
    actions.appendChild(fit);
    bar.appendChild(types);
    bar.appendChild(actions);

    // Find an entity by name (or alias): its neighbourhood opens, the entity circled in the middle.
    var find = el("form", "kb-graph__find");
    find.setAttribute("role", "search");
    var findLabel = el("label", "kb-graph__find-label", "Find an entity");
    var input = el("input", "kb-graph__find-input");
    input.type = "search";
    input.id = "kb-graph-find";
    input.name = "entity";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = "Name, e.g. Kim Jong Un";
    input.setAttribute("list", "kb-graph-names");
    findLabel.htmlFor = input.id;
    var names = el("datalist");
    names.id = "kb-graph-names";
    var go = el("button", "md-button kb-graph__find-go", "Show");
    go.type = "submit";
    var found = el("span", "kb-graph__find-note");
    found.setAttribute("role", "status");
    find.appendChild(findLabel);
    find.appendChild(input);
    find.appendChild(names);
    find.appendChild(go);
    find.appendChild(found);

    var caption = el("p", "kb-graph__caption", "Loading the graph…");
    caption.setAttribute("aria-live", "polite");
    var stage = el("div", "kb-graph__stage");
    var canvas = el("div", "kb-graph__canvas");
    var tip = el("div", "kb-graph__tip");
    tip.hidden = true;
    tip.setAttribute("role", "status");
    stage.appendChild(canvas);
    stage.appendChild(tip);
    var details = el("details", "kb-graph__list abstract");
    details.appendChild(el("summary", null, "The entities shown, as a list"));
    var list = el("ul");
    details.appendChild(list);

    container.appendChild(bar);
    container.appendChild(find);
    container.appendChild(caption);
    container.appendChild(stage);
    container.appendChild(details);
    return { boxes: boxes, whole: whole, fit: fit, caption: caption, stage: stage, canvas: canvas,
             tip: tip, list: list, find: find, input: input, names: names, note: found };
  }

  function Graph(container, cytoscape) {
    var self = this;
    var ui = buildUI(container);
    var colours = palette(container);
    var cy = cytoscape({
      container: ui.canvas,
      elements: [],
      style: graphStyle(colours),
      layout: { name: "preset" },
      minZoom: 0.1,
      maxZoom: 4,
      boxSelectionEnabled: false,
      autounselectify: true,
      autoungrabify: true
    });
    this.cy = cy;
    this.ui = ui;
    this.container = container;
    this.view = undefined; // null: whole network; otherwise the centre's id
    this.loading = 0;
    window.kbGraph = cy;

    function hideTip() {
      ui.tip.hidden = true;
    }

    function showTip(node) {
      var type = TYPES.filter(function (t) { return t.type === node.data("type"); })[0];
      ui.tip.textContent = "";
      ui.tip.appendChild(el("strong", null, node.data("name")));
      ui.tip.appendChild(el("span", null, (type ? type.one + " · " : "") +
        articles(node.data("count"))));
      ui.tip.hidden = false;
      var p = node.renderedPosition();
      var half = node.renderedOuterWidth() / 2;
      var width = ui.stage.clientWidth;
      var left = Math.min(Math.max(p.x + half + 8, 4), Math.max(width - ui.tip.offsetWidth - 4, 4));
      var top = Math.max(p.y - half - ui.tip.offsetHeight - 4, 4);
      ui.tip.style.left = left + "px";
      ui.tip.style.top = top + "px";
    }

    cy.on("mouseover", "node", function (event) {
      var node = event.target;
      ui.stage.classList.add("kb-graph__stage--pointer");
      cy.batch(function () {
        var near = node.closedNeighborhood();
        cy.elements().not(near).addClass("kb-faded");
        node.addClass("kb-hover");
        node.connectedEdges().addClass("kb-hover");
      });
      showTip(node);
    });
    cy.on("mouseout", "node", function () {
      ui.stage.classList.remove("kb-graph__stage--pointer");
      cy.batch(function () { cy.elements().removeClass("kb-faded kb-hover"); });
      hideTip();
    });
    cy.on("viewport", hideTip);
    // Keep the overview's labels readable and apart whatever the zoom (once per frame at most).
    var labelFrame = 0;
    cy.on("viewport", function () {
      if (labelFrame) return;
      labelFrame = requestAnimationFrame(function () {
        labelFrame = 0;
        self.placeLabels();
      });
    });

    ui.find.addEventListener("submit", function (event) {
      event.preventDefault();
      self.find(ui.input.value, true);
    });
    // Picking a suggestion (the list under the box) needs no Enter.
    ui.input.addEventListener("input", function (event) {
      if (event.inputType === "insertReplacementText" || event.inputType == null) self.find(ui.input.value, false);
    });
    ui.input.addEventListener("focus", function () { self.loadNames(); });
    this.loadNames();
    cy.on("tap", "node", function (event) {
      var url = pageURL(event.target.data("url"));
      var original = event.originalEvent || {};
      if (original.ctrlKey || original.metaKey || original.shiftKey) window.open(url, "_blank", "noopener");
      else location.href = url;
    });

    Object.keys(ui.boxes).forEach(function (type) {
      ui.boxes[type].addEventListener("change", function () { self.applyFilter(); });
    });
    ui.whole.addEventListener("click", function () {
      if (location.hash) history.pushState(null, "", location.pathname + location.search);
      self.show(null);
    });
    ui.fit.addEventListener("click", function () { self.fit(); });

    this.onHash = function () {
      var entity = entityFromHash();
      self.show(entity);
    };
    window.addEventListener("hashchange", this.onHash);
    window.addEventListener("popstate", this.onHash);

    // Material switches light/dark by setting data-md-color-scheme on <body>.
    this.observer = new MutationObserver(function () {
      cy.style(graphStyle(palette(container)));
    });
    this.observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }

  // Names and aliases of every entity that has a neighbourhood (entities.json, the search page's
  // list): the suggestions under the find box, and what a typed name is matched against.
  Graph.prototype.loadNames = function () {
    var self = this;
    if (this.names) return this.names;
    this.names = fetchJSON(ENTITIES).then(function (rows) {
      var entities = [];
      var byName = {};
      (Array.isArray(rows) ? rows : []).forEach(function (row) {
        var type = Array.isArray(row) && TYPES.filter(function (t) { return t.type === row[1]; })[0];
        if (!type || typeof row[0] !== "string") return;
        var entity = { name: row[0], id: type.folder + "/" + (row[2] || slug(row[0])), count: +row[3] || 0 };
        entities.push(entity);
        [row[0]].concat(row.slice(4)).forEach(function (name) {
          var key = plain(String(name));
          if (key && !byName[key]) byName[key] = entity;
        });
        var option = el("option");
        option.value = entity.name;
        option.label = type.one + " · " + plural(entity.count, "article", "articles");
        self.ui.names.appendChild(option);
      });
      return { entities: entities, byName: byName };
    }).catch(function () {
      self.names = null;
      return { entities: [], byName: {} };
    });
    return this.names;
  };

  // Focus the entity a reader named: its neighbourhood (the #entity= view), the entity in the
  // middle. `submitted`: Enter or "Show" (a partial name picks the most-mentioned match, and a
  // name that matches nothing says so); otherwise only an exact name or alias is acted on.
  Graph.prototype.find = function (text, submitted) {
    var self = this;
    var key = plain(text || "");
    if (!key) return Promise.resolve(null);
    return this.loadNames().then(function (names) {
      var entity = names.byName[key];
      if (!entity && submitted) {
        entity = names.entities.filter(function (e) { return plain(e.name).indexOf(key) === 0; })[0] ||
          names.entities.filter(function (e) { return plain(e.name).indexOf(key) >= 0; })[0];
      }
      var note = self.ui.note;
      if (!entity) {
        if (submitted) note.textContent = "No entity named “" + text.trim() + "” in the graph.";
        return null;
      }
      note.textContent = "";
      self.ui.input.value = entity.name;
      if (self.view === entity.id) self.highlight(entity.id);
      else location.hash = "entity=" + entity.id; // hashchange shows it, as for a link
      return entity;
    });
  };

  // Centre the view on a node that is drawn and mark it (the find box on the current view).
  Graph.prototype.highlight = function (id) {
    var cy = this.cy;
    var node = cy.getElementById(id);
    if (node.empty()) return;
    cy.nodes(".kb-found").removeClass("kb-found");
    node.addClass("kb-found");
    cy.center(node);
    this.container.setAttribute("data-found", id);
  };

  // The whole network's most connected entities (by links drawn, then articles) keep their
  // names on screen at any zoom; a name that would overlap a better-connected one's is left out.
  Graph.prototype.markTop = function (center) {
    var cy = this.cy;
    cy.nodes().removeClass("kb-top kb-nolabel").removeStyle("font-size text-wrap text-max-width");
    if (center) return;
    var top = cy.nodes().sort(function (a, b) {
      return b.degree(false) - a.degree(false) || b.data("count") - a.data("count") || a.data("rank") - b.data("rank");
    }).slice(0, TOP_LABELS);
    top.forEach(function (node, i) { node.data("top", i); });
    top.addClass("kb-top");
    this.placeLabels();
  };

  Graph.prototype.placeLabels = function () {
    var cy = this.cy;
    var top = cy.nodes(".kb-top").sort(function (a, b) { return a.data("top") - b.data("top"); });
    if (top.empty()) return;
    var zoom = cy.zoom();
    var placed = [];
    var labelled = [];
    cy.batch(function () {
      top.forEach(function (node) {
        node.removeClass("kb-nolabel");
        // Whole names (wrapped on two lines at most), not "Kor…": the canvas scales what it
        // draws with the zoom, so the sizes are set for this zoom.
        node.style({ "font-size": Math.max(node.data("font"), LABEL_PX / zoom),
                     "text-wrap": "wrap", "text-max-width": Math.round(LABEL_WIDTH / zoom) + "px" });
      });
    });
    top.forEach(function (node) {
      if (node.hasClass("kb-hidden")) return;
      var box = node.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      var clash = placed.some(function (other) {
        return box.x1 < other.x2 + 2 && other.x1 < box.x2 + 2 && box.y1 < other.y2 + 1 && other.y1 < box.y2 + 1;
      });
      if (clash) node.addClass("kb-nolabel");
      else {
        placed.push(box);
        labelled.push(node.id());
      }
    });
    this.container.setAttribute("data-labels", labelled.join(" "));
  };

  Graph.prototype.destroy = function () {
    window.removeEventListener("hashchange", this.onHash);
    window.removeEventListener("popstate", this.onHash);
    this.observer.disconnect();
    this.cy.destroy();
    if (window.kbGraph === this.cy) window.kbGraph = null;
  };

  Graph.prototype.fit = function () {
    var visible = this.cy.elements().not(".kb-hidden");
    this.cy.fit(visible.length ? visible : undefined, 30);
  };

  Graph.prototype.applyFilter = function () {
    var ui = this.ui;
    var cy = this.cy;
    var center = this.view;
    cy.batch(function () {
      cy.nodes().forEach(function (node) {
        var box = ui.boxes[node.data("type")];
        var hide = box && !box.checked && node.id() !== center;
        if (hide) node.addClass("kb-hidden");
        else node.removeClass("kb-hidden");
      });
    });
    Array.prototype.forEach.call(ui.list.children, function (item) {
      var box = ui.boxes[item.getAttribute("data-type")];
      item.hidden = !!(box && !box.checked && item.getAttribute("data-id") !== center);
    });
    var shown = cy.nodes().not(".kb-hidden").length;
    this.container.setAttribute("data-visible", String(shown));
    this.placeLabels();
  };

  Graph.prototype.caption = function (data, center) {
    var caption = this.ui.caption;
    caption.textContent = "";
    var nodes = this.cy.nodes();
    if (!center) {
      caption.appendChild(document.createTextNode(
        "Whole network: the " + plural(nodes.length, "entity", "entities") +
        " mentioned in the most articles, with their strongest links."));
      return;
    }
    var node = this.cy.getElementById(center);
    caption.appendChild(document.createTextNode("Neighbourhood of "));
    var link = el("a", "kb-graph__center", node.nonempty() ? node.data("name") : center);
    link.href = pageURL(node.nonempty() ? node.data("url") : center + "/");
    caption.appendChild(link);
    caption.appendChild(document.createTextNode(
      " (circled): the " + plural(nodes.length - 1, "entity", "entities") +
      " most often mentioned in the same articles." +
      (this.cy.edges(".kb-implied").nonempty() ? " A dashed line: mentioned together (how often is not in the graph data)." : "")));
  };

  Graph.prototype.fillList = function () {
    var list = this.ui.list;
    list.textContent = "";
    var nodes = this.cy.nodes().sort(function (a, b) {
      return b.data("count") - a.data("count") || a.data("name").localeCompare(b.data("name"));
    });
    nodes.forEach(function (node) {
      var type = TYPES.filter(function (t) { return t.type === node.data("type"); })[0];
      var item = el("li");
      item.setAttribute("data-type", node.data("type"));
      item.setAttribute("data-id", node.id());
      var link = el("a", null, node.data("name"));
      link.href = pageURL(node.data("url"));
      item.appendChild(link);
      item.appendChild(document.createTextNode(
        " — " + (type ? type.one + ", " : "") + articles(node.data("count")) + " · "));
      var around = el("a", null, "neighbourhood");
      around.href = "#entity=" + node.id();
      item.appendChild(around);
      list.appendChild(item);
    });
  };

  // Show the whole network (entity null) or one entity's neighbourhood.
  Graph.prototype.show = function (entity) {
    var self = this;
    var id = entity ? entity.id : null;
    if (id === this.view) return Promise.resolve();
    this.view = id;
    var ticket = ++this.loading;
    var container = this.container;
    container.setAttribute("data-state", "loading");
    this.ui.whole.disabled = !id;
    return fetchJSON(entity ? entity.path : NETWORK).then(function (data) {
      if (ticket !== self.loading) return;
      var center = id;
      var cy = self.cy;
      cy.batch(function () {
        cy.elements().remove();
        cy.add(elements(data || {}, center));
      });
      // Lay out every node, hidden types too, so ticking a type back shows it in place.
      var done = new Promise(function (resolve) {
        var layout = cy.layout(layoutOptions(cy, center));
        layout.one("layoutstop", resolve);
        layout.run();
      });
      return done.then(function () {
        if (ticket !== self.loading) return;
        self.caption(data, center);
        self.fillList();
        self.applyFilter();
        // The whole drawing fits the stage, on a phone too (its most connected names stay
        // readable: markTop); pinch or scroll to zoom in.
        self.fit();
        self.markTop(center);
        cy.nodes(".kb-found").removeClass("kb-found");
        if (center) self.ui.input.value = cy.getElementById(center).data("name") || "";
        container.setAttribute("data-view", center || "network");
        container.setAttribute("data-state", "ready");
      });
    }).catch(function (error) {
      if (ticket !== self.loading) return;
      self.cy.elements().remove();
      self.ui.list.textContent = "";
      self.ui.caption.textContent = id
        ? "No neighbourhood could be loaded for “" + id + "” (" + error.message + "). "
        : "The graph data could not be loaded (" + error.message + "). ";
      if (id) {
        var back = el("a", null, "Show the whole network");
        back.href = "#";
        back.addEventListener("click", function (event) {
          event.preventDefault();
          self.ui.whole.click();
        });
        self.ui.caption.appendChild(back);
      }
      self.view = undefined; // so that the same view can be asked for again
      container.setAttribute("data-view", id || "network");
      container.setAttribute("data-state", "error");
    });
  };

  function start() {
    var container = document.getElementById("kb-graph");
    if (current && current.container !== container) {
      current.destroy();
      current = null;
    }
    if (!container || current) return;
    container.setAttribute("data-state", "loading");
    loadLibrary().then(function (cytoscape) {
      if (!container.isConnected || current) return;
      current = new Graph(container, cytoscape);
      return current.show(entityFromHash());
    }).catch(function (error) {
      container.setAttribute("data-state", "error");
      var note = el("p", "kb-graph__caption", "The graph could not be shown (" + error.message +
        "). The A–Z lists below name the same entities.");
      container.textContent = "";
      container.appendChild(note);
    });
  }

  // Material for MkDocs announces each page (also with instant navigation) through document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

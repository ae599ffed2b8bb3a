// Search page: a small interface on Pagefind's JavaScript API.
//
// Why not Pagefind's ready-made UI: it downloads every filter file up front and
// preloads index chunks on each keystroke, which costs 340-550 KB for a first query on a
// 10,000-article site. This one searches on a pause in typing or on Enter, and drops stop
// words ("the", "of"), whose index chunks are the largest. Entities are filtered under one
// filter per type and initial ("person-k"), so a search for one person loads one small
// filter file; the "Mentions" suggestions come from a small static list
// (assets/search/entities.json), not from Pagefind's filter files. See BENCHMARKS.md for the
// measured bytes per query.
(function () {
  "use strict";
  var box = document.getElementById("kb-search");
  if (!box) return;

  var script = document.currentScript || document.querySelector('script[src*="assets/javascripts/search.js"]');
  var root = new URL("../../", script.src); // this file lives at <root>/assets/javascripts/
  var input = document.getElementById("kb-search-input");
  var typeFilter = document.getElementById("kb-filter-type");
  var yearFilter = document.getElementById("kb-filter-year");
  var entityFilter = document.getElementById("kb-filter-entity");
  var entityNames = document.getElementById("kb-entity-names");
  var status = document.getElementById("kb-search-status");
  var list = document.getElementById("kb-search-results");
  var more = document.getElementById("kb-search-more");

  var PAGE = 5; // results whose snippets load at a time: each costs a fragment download
  var STOP_WORDS = new Set(("a an and are as at be by for from has have in is it its of on or that the " +
    "to was were will with").split(" "));
  var TYPE_LABELS = { post: "Article", page: "Page", person: "Person", state: "State",
    organization: "Organization", place: "Place" };
  var pagefind = null;
  var entityTypes = null; // name -> type, from assets/search/entities.json
  var results = [];
  var shown = 0;
  var generation = 0;
  var timer = null;

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  function cleanQuery(text) {
    var quoted = text.match(/"[^"]+"/g) || [];
    var rest = text.replace(/"[^"]+"/g, " ").split(/\s+/).filter(function (word) {
      return word && !STOP_WORDS.has(word.toLowerCase());
    });
    return quoted.concat(rest).join(" ").trim();
  }

  function loadEntityTypes() {
    if (!entityTypes) {
      entityTypes = fetch(new URL("assets/search/entities.json", root)).then(function (response) {
        return response.ok ? response.json() : [];
      }).then(function (pairs) {
        var types = new Map();
        pairs.forEach(function (pair) { types.set(pair[0], pair[1]); });
        return types;
      }).catch(function () { return new Map(); });
    }
    return entityTypes;
  }

  function filters(types) {
    var chosen = {};
    if (typeFilter.value) chosen.type = typeFilter.value;
    if (yearFilter.value) chosen.year = String(yearFilter.value);
    var name = entityFilter.value.trim();
    if (name) {
      // The same key overrides/main.html writes: the entity's type and its name's initial.
      var initial = name.charAt(0).toLowerCase();
      var key = ((types && types.get(name)) || "person") + "-" + (initial >= "a" && initial <= "z" ? initial : "0");
      chosen[key] = name;
    }
    return chosen;
  }

  function remember(query) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    if (typeFilter.value) params.set("type", typeFilter.value);
    if (yearFilter.value) params.set("year", yearFilter.value);
    if (entityFilter.value.trim()) params.set("entity", entityFilter.value.trim());
    var search = params.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
  }

  function formatDate(value) {
    // The publication's own calendar day ("2023-10-16T08:00:34+09:00" is 16 October in Seoul),
    // written as the pages write it, whatever the reader's time zone.
    var day = /^(\d{4})-(\d{2})-(\d{2})/.exec(value || "");
    if (!day) return value || "";
    var date = new Date(Date.UTC(+day[1], +day[2] - 1, +day[3]));
    return date.toLocaleDateString("en-GB", { timeZone: "UTC", year: "numeric", month: "long", day: "numeric" });
  }

  function render(item) {
    var entry = document.createElement("li");
    entry.className = "kb-search__result";
    var link = document.createElement("a");
    link.href = item.url;
    link.className = "kb-search__title";
    link.textContent = item.meta.title || item.url;
    entry.appendChild(link);
    var details = [TYPE_LABELS[(item.filters.type || [])[0]] || "", formatDate(item.meta.date)].filter(Boolean);
    if (details.length) {
      var meta = document.createElement("div");
      meta.className = "kb-search__meta";
      meta.textContent = details.join(" · ");
      entry.appendChild(meta);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "kb-search__excerpt";
    excerpt.innerHTML = item.excerpt; // Pagefind escapes the page text and adds only <mark>
    entry.appendChild(excerpt);
    return entry;
  }

  function showMore() {
    var mine = generation;
    var batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = true;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (items) {
      if (mine !== generation) return;
      items.forEach(function (item) { list.appendChild(render(item)); });
      more.hidden = shown >= results.length;
    });
  }

  function run() {
    var query = cleanQuery(input.value);
    remember(input.value.trim());
    var mine = ++generation;
    list.textContent = "";
    more.hidden = true;
    results = [];
    shown = 0;
    if (!query) {
      // A search with filters but no words would download the whole index.
      status.textContent = Object.keys(filters(null)).length ? "Type a word to search within these filters." : "";
      return;
    }
    status.textContent = "Searching…";
    var entityName = entityFilter.value.trim();
    Promise.all([loadPagefind(), entityName ? loadEntityTypes() : Promise.resolve(null)]).then(function (loaded) {
      return loaded[0].search(query, { filters: filters(loaded[1]) });
    }).then(function (search) {
      if (mine !== generation) return;
      results = search.results;
      status.textContent = results.length ? results.length + (results.length === 1 ? " result" : " results")
        : "No results. Try fewer or other words.";
      return showMore();
    }).catch(function (error) {
      status.textContent = "Search is not available here: " + error.message +
        ". (The index is made by `python -m generator build`.)";
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(run, 350);
  }

  function loadEntityNames() {
    entityFilter.removeEventListener("focus", loadEntityNames);
    loadEntityTypes().then(function (types) {
      types.forEach(function (type, name) {
        var option = document.createElement("option");
        option.value = name;
        option.label = TYPE_LABELS[type] || "";
        entityNames.appendChild(option);
      });
    });
  }

  input.addEventListener("input", later);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { clearTimeout(timer); run(); }
  });
  [typeFilter, yearFilter, entityFilter].forEach(function (field) { field.addEventListener("change", run); });
  entityFilter.addEventListener("focus", loadEntityNames);
  more.addEventListener("click", showMore);

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  typeFilter.value = params.get("type") || "";
  yearFilter.value = params.get("year") || "";
  entityFilter.value = params.get("entity") || "";
  if (input.value) run();
  input.focus();
})();

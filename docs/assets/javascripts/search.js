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
  // Every page: "/" focuses the search box (the search page's own, else the header's), unless
  // the reader is typing in a field.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var field = document.getElementById("kb-search-input") || document.querySelector(".kb-header-search__input");
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.select();
  });

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
  var sortBox = document.getElementById("kb-sort-date");
  var card = document.getElementById("kb-search-card");
  var years = document.getElementById("kb-search-years");

  var PAGE = 5; // results whose snippets load at a time: each costs a fragment download
  var STOP_WORDS = new Set(("a an and are as at be by for from has have in is it its of on or that the " +
    "to was were will with").split(" "));
  var TYPE_LABELS = { post: "Article", page: "Page", person: "Person", state: "State",
    organization: "Organization", place: "Place" };
  var FOLDERS = { person: "people", state: "states", organization: "organizations", place: "places" };
  var pagefind = null;
  var entityTypes = null; // {types: name -> type, byName: plain name or alias -> entity}, from entities.json
  var nameFiles = new Map(); // first character of a plain name (hex) -> its entities' rows
  var results = [];
  var shown = 0;
  var generation = 0;
  var timer = null;
  var depth = 1; // budgets of dated parts searched: the "earlier" button adds one
  var searchedFor = null; // the words and year the depth is for
  // Below the status line: searches the parts of the index left out, before the oldest searched.
  var earlier = document.createElement("button");
  earlier.type = "button";
  earlier.id = "kb-search-earlier";
  earlier.className = "md-button kb-search__earlier";
  earlier.hidden = true;
  status.insertAdjacentElement("afterend", earlier);

  function loadPagefind() {
    // pagefind/index.json lists the parts of the index (generator/site/search.py): the whole
    // site in the index at pagefind/ itself (a site of up to 5,000 pages), or parts that each
    // hold a period of articles, or entity pages, merged into the small root index at pagefind/
    // (Pagefind's mergeIndex: one script and WebAssembly for all) when a query first searches
    // one. Also the recent index of the pages changed since the full index was written.
    if (!pagefind) {
      var bundle = new URL("pagefind/", root);
      var manifest = fetch(new URL("index.json", bundle), { cache: "no-cache" }).then(function (response) {
        return response.ok ? response.json() : {};
      }).catch(function () { return {}; });
      pagefind = Promise.all([import(new URL("pagefind.js", bundle).href), manifest]).then(function (loaded) {
        var module = loaded[0];
        // noWorker: Pagefind searches on this page's thread, so its web worker's script (12 KB gzip)
        // is not downloaded; a search of this site takes milliseconds.
        return module.options({ baseUrl: root.pathname, noWorker: true }).then(function () {
          return partsIndex(module, loaded[1] || {}, bundle);
        });
      });
    }
    return pagefind;
  }

  function partsIndex(module, manifest, bundle) {
    var parts = manifest.parts || null; // null: one index at pagefind/ and nothing to merge
    var homes = manifest.homes || {}; // the recent index's pages
    var merged = new Map();

    function merge(name, path) {
      // Each part's pages carry its name as a filter, so one search can be held to one part.
      // A part at path "" is the whole index, pagefind/ itself: loaded already.
      if (!path) return null;
      if (!merged.has(name)) {
        merged.set(name, module.mergeIndex(new URL(path, bundle).pathname,
          { baseUrl: root.pathname, mergeFilter: { part: name } }));
      }
      return merged.get(name);
    }

    // The parts a query searches: with a year, those holding it; else the entity pages' and the
    // newest dated parts until they hold the budget of pages (each part searched costs about
    // 18 KB a word), and one more for each press of the "earlier" button (`depth`).
    // `cutoff`: the oldest part searched when some are left out.
    function scope(year, depth) {
      if (!parts) return { parts: [], cutoff: "", rest: [] };
      if (year) return { parts: parts.filter(function (part) { return part.years.indexOf(year) >= 0; }), cutoff: "", rest: [] };
      var chosen = parts.filter(function (part) { return !part.dated; });
      var dated = parts.filter(function (part) { return part.dated; });
      var pages = 0;
      var count = 0;
      while (count < dated.length && (count === 0 || pages < manifest.budget)) {
        pages += dated[count].pages;
        count += 1;
      }
      count = Math.min(dated.length, count + depth - 1);
      chosen = chosen.concat(dated.slice(0, count));
      var rest = dated.slice(count);
      return { parts: chosen, cutoff: rest.length ? dated[count - 1].name : "", rest: rest };
    }

    function search(term, options, where) {
      if (!parts) return module.search(term, options);
      var searched = where.parts.slice();
      if (manifest.index) searched.push({ name: "recent", path: manifest.index, recent: true });
      // Words not quoted: Pagefind finds the words each begins, and in an index with none of
      // those the longest word that begins it ("se" for "Seoul"). One index over everything
      // does that only for a word the site lacks; a part lacking it would add pages the one
      // index does not find. So a part without one of the words that some part has (a quoted
      // search of each word: the same index chunks, nothing more to download) adds nothing.
      var words = term.indexOf('"') < 0 ? term.split(/\s+/).filter(Boolean) : [];
      // The whole index's own pages carry no part filter: searched without one, it answers with
      // the recent index's pages too, which are then left out (asOneIndex, has).
      function held(part, filters) {
        return part.path ? Object.assign({}, filters, { part: part.name }) : filters || {};
      }
      function inPart(part, text) {
        return module.search(text, Object.assign({}, options, { filters: held(part, options.filters) }));
      }
      function has(part, word) { // whether the part has the word itself, whatever the other filters
        return module.search('"' + word + '"', { filters: held(part, {}) }).then(function (answer) {
          return answer.results.some(function (result) { return part.path || !homes[result.id]; });
        });
      }
      return Promise.all(searched.map(function (part) { return merge(part.name, part.path); })).then(function () {
        return Promise.all(searched.map(function (part) {
          return Promise.all([inPart(part, term)].concat(words.map(function (word) { return has(part, word); })));
        }));
      }).then(function (answers) {
        var somewhere = words.map(function (word, number) {
          return answers.some(function (answer) { return answer[number + 1]; });
        });
        var found = answers.map(function (answer) {
          var lacks = somewhere.some(function (found, number) { return found && !answer[number + 1]; });
          return lacks ? { results: [], filters: {} } : answer[0];
        });
        return asOneIndex(found, searched, where, options);
      });
    }

    // Each part's answer made into the one a single index would give: the root page, the pages
    // that changed or are gone since the full index was written (and recent pages of parts not
    // searched, or found by the whole index's search) taken out, and off the filter counts;
    // sorted by a key, each part's results placed after the pages of the parts before it, each
    // recent page where its value falls.
    function asOneIndex(found, searched, where, options) {
      var stale = manifest.stale || {};
      var sort = options && options.sort ? Object.keys(options.sort)[0] : null;
      // Sorted, Pagefind scores a result by its place in its own index's order (negative when
      // ascending). index.json gives each part the number of pages before it in that order, and
      // each recent page its place among all the parts' pages, or null when it has no such
      // value (a sorted search leaves such pages out).
      var sign = sort && options.sort[sort] === "asc" ? -1 : 1;
      var places = sort ? (manifest.sorts || {})[sort] || {} : {};
      var counts = {};
      var entries = [];
      found.forEach(function (answer, number) {
        var part = searched[number];
        var filters = JSON.parse(JSON.stringify(answer.filters || {}));
        answer.results.forEach(function (result) {
          var dropped = result.id === manifest.root ? {} : part.recent ? outside(homes[result.id], where)
            : !part.path && homes[result.id] ? homes[result.id][1] : stale[result.id];
          if (!dropped && part.recent && sort && places[result.id] === null) dropped = {};
          if (dropped) {
            Object.keys(dropped).forEach(function (name) {
              dropped[name].forEach(function (value) {
                if (filters[name] && filters[name][value]) filters[name][value] -= 1;
              });
            });
            return;
          }
          var key = result.score;
          if (sort && part.recent) {
            if (places[result.id] !== undefined) key = sign * places[result.id];
          } else if (sort) {
            // A part with no page of that value: one index leaves such pages out (its counts stay).
            if (!part.sorts || part.sorts[sort] === undefined) return;
            if (part.sorts[sort] !== null) key = result.score + sign * part.sorts[sort];
          }
          entries.push({ result: result, order: entries.length, key: key });
        });
        Object.keys(filters).forEach(function (name) {
          if (name === "part") return;
          counts[name] = counts[name] || {};
          Object.keys(filters[name]).forEach(function (value) {
            counts[name][value] = (counts[name][value] || 0) + filters[name][value];
          });
        });
      });
      entries.sort(function (a, b) { return b.key - a.key || a.order - b.order; });
      return { results: entries.map(function (entry) { return entry.result; }), filters: counts };
    }

    // A recent page's counted filters when its part is older than the oldest searched, else null.
    function outside(home, where) {
      if (!home || !where.cutoff || home[0].charAt(0) === "~" || home[0] >= where.cutoff) return null;
      return home[1];
    }

    return { search: search, scope: scope };
  }

  function cleanQuery(text) {
    var quoted = text.match(/"[^"]+"/g) || [];
    var rest = text.replace(/"[^"]+"/g, " ").split(/\s+/).filter(function (word) {
      return word && !STOP_WORDS.has(word.toLowerCase());
    });
    return quoted.concat(rest).join(" ").trim();
  }

  // Names compared as generator/pages/entity_pages.py entity_names compares them: case, spaces and
  // punctuation aside ("N. Korea" = "n korea", "Kim Jong-un" = "kim jong un").
  function plain(text) {
    return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  }

  // An entity page's slug when entities.json leaves it out (generator/pages/entity_pages.py made_slug).
  function slug(name) {
    return name.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function rowsOf(url) {
    return fetch(url).then(function (response) {
      return response.ok ? response.json() : [];
    }).catch(function () { return []; });
  }

  function entitiesOf(rows) {
    // [name, type, slug, articles, ...aliases] per entity, most mentioned first.
    var types = new Map();
    var byName = new Map();
    rows.forEach(function (row) {
      var entity = { name: row[0], type: row[1], slug: row[2] || slug(row[0]), count: row[3] };
      types.set(entity.name, entity.type);
      [entity.name].concat(row.slice(4)).forEach(function (name) {
        var key = plain(String(name));
        if (key && !byName.has(key)) byName.set(key, entity);
      });
    });
    return { types: types, byName: byName };
  }

  function loadEntityTypes() {
    // Every entity, for the Mentions box: read when it is first used, never on page load.
    if (!entityTypes) entityTypes = rowsOf(new URL("assets/search/entities.json", root)).then(entitiesOf);
    return entityTypes;
  }

  function loadNames(texts) {
    // The entities one of whose names starts as one of these texts does: a file per first
    // character (generator/pages/search_names.py), so a query reads about 1 KB, not the whole list.
    var firsts = new Set();
    texts.forEach(function (text) {
      var first = plain(text).codePointAt(0);
      if (first !== undefined) firsts.add(first.toString(16));
    });
    return Promise.all(Array.from(firsts, function (first) {
      if (!nameFiles.has(first)) nameFiles.set(first, rowsOf(new URL("assets/search/names/" + first + ".json", root)));
      return nameFiles.get(first);
    })).then(function (lists) { return entitiesOf([].concat.apply([], lists)); });
  }

  function keyWord(name) {
    // The longest word of a name: searched with the entity's filter, it finds the entity's pages
    // with one index chunk, where the whole name takes one a word.
    return name.split(/[^\p{L}\p{N}]+/u).reduce(function (longest, word) {
      return word.length > longest.length ? word : longest;
    }, "") || name;
  }

  function filterKey(type, name) {
    // The same key overrides/main.html writes: the entity's type and its name's initial.
    var initial = name.charAt(0).toLowerCase();
    return type + "-" + (initial >= "a" && initial <= "z" ? initial : "0");
  }

  function filters(types) {
    var chosen = {};
    if (typeFilter.value) chosen.type = typeFilter.value;
    if (yearFilter.value) chosen.year = String(yearFilter.value);
    var name = entityFilter.value.trim();
    if (name) chosen[filterKey((types && types.get(name)) || "person", name)] = name;
    return chosen;
  }

  function remember(query) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    if (typeFilter.value) params.set("type", typeFilter.value);
    if (yearFilter.value) params.set("year", yearFilter.value);
    if (entityFilter.value.trim()) params.set("entity", entityFilter.value.trim());
    if (sortBox.checked) params.set("sort", "date");
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

  function formatPeriod(part) {
    // A part's name: its first year ("2021") or month ("2021-07", "July 2021").
    var month = /^(\d{4})-(\d{2})$/.exec(part);
    if (!month) return part;
    return new Date(Date.UTC(+month[1], +month[2] - 1, 1)).toLocaleDateString("en-GB",
      { timeZone: "UTC", year: "numeric", month: "long" });
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

  function link(text, href) {
    var anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = text;
    return anchor;
  }

  function showCard(entity) {
    // "North Korea · State · 16 articles · timeline · graph", above the results.
    card.textContent = "";
    card.hidden = !entity;
    if (!entity) return;
    var page = new URL(FOLDERS[entity.type] + "/" + entity.slug + "/", root).href;
    var name = link(entity.name, page);
    name.className = "kb-search__card-name";
    card.appendChild(name);
    [TYPE_LABELS[entity.type] || entity.type,
     entity.count + (entity.count === 1 ? " article" : " articles")].forEach(function (text) {
      card.appendChild(document.createTextNode(" · " + text));
    });
    card.appendChild(document.createTextNode(" · "));
    card.appendChild(link("timeline", page + "#timeline"));
    card.appendChild(document.createTextNode(" · "));
    card.appendChild(link("graph", new URL("graph/", root).href + "#entity=" + FOLDERS[entity.type] + "/" + entity.slug));
  }

  function showYears(counts) {
    // Results per year, from the filter counts Pagefind returns with the results; a year narrows
    // the search to it.
    years.textContent = "";
    var entries = Object.keys(counts || {}).filter(function (year) { return counts[year] > 0; }).sort().reverse();
    years.hidden = entries.length < 2 && !yearFilter.value;
    if (years.hidden) return;
    years.appendChild(document.createTextNode("Years: "));
    entries.forEach(function (year) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-search__year";
      button.textContent = year + " (" + counts[year] + ")";
      button.setAttribute("aria-pressed", String(yearFilter.value === year));
      button.addEventListener("click", function () {
        yearFilter.value = yearFilter.value === year ? "" : year;
        run();
      });
      years.appendChild(button);
    });
  }

  function merge(first, second) {
    var seen = new Set(first.map(function (result) { return result.id; }));
    return first.concat(second.filter(function (result) { return !seen.has(result.id); }));
  }

  function run() {
    var text = input.value.trim();
    var query = cleanQuery(text);
    remember(text);
    var mine = ++generation;
    if (searchedFor !== text + "\n" + yearFilter.value) depth = 1;
    searchedFor = text + "\n" + yearFilter.value;
    list.textContent = "";
    more.hidden = true;
    earlier.hidden = true;
    results = [];
    shown = 0;
    if (!query) {
      showCard(null);
      showYears(null);
      // A search with filters but no words would download the whole index.
      status.textContent = Object.keys(filters(null)).length ? "Type a word to search within these filters." : "";
      return;
    }
    status.textContent = "Searching…";
    // Several words are searched as a phrase: Pagefind matches the last word of a query as a
    // prefix ("Un" would find "unification") except in an exact (quoted) search.
    var words = text.replace(/"/g, " ").trim().split(/\s+/);
    var phrase = text.indexOf('"') < 0 && words.length > 1 ? '"' + words.join(" ") + '"' : null;
    var sort = sortBox.checked ? { date: "desc" } : null;
    var where = null;
    function options(chosen) {
      // {none: []} excludes nothing but has Pagefind load the year filter, whose counts for the
      // results are the year facets (one small file).
      var result = { filters: chosen.year ? chosen : Object.assign({ year: { none: [] } }, chosen) };
      if (sort) result.sort = sort;
      return result;
    }
    Promise.all([loadPagefind(), loadNames([text, entityFilter.value])]).then(function (loaded) {
      var index = loaded[0];
      var chosen = filters(loaded[1].types);
      where = index.scope(String(yearFilter.value || ""), depth);
      // A query that is an entity's name or alias: its card, and its articles through the entity
      // filter, whatever name their text uses (북한, DPRK, "the North").
      var entity = loaded[1].byName.get(plain(text)) || null;
      var searches = [index.search(phrase || query, options(chosen), where)];
      if (entity) {
        var byEntity = Object.assign({}, chosen);
        byEntity[filterKey(entity.type, entity.name)] = entity.name;
        // A word of its name, not null: a search with filters but no words downloads the whole
        // index (10.9 MB at 10,000 articles, measured); one word's index chunk is 10-25 KB.
        // Quoted: the word itself, not every word it begins ("North" would mark "northern").
        searches.push(index.search('"' + keyWord(entity.name) + '"', options(byEntity), where));
      }
      return Promise.all(searches).then(function (found) {
        if (phrase && !found[0].results.length && !entity) {
          // No page has the words together: the pages with all of them.
          return index.search(query, options(chosen), where).then(function (loose) { return [loose]; });
        }
        return found;
      }).then(function (found) { return { entity: entity, found: found }; });
    }).then(function (outcome) {
      if (mine !== generation) return;
      var found = outcome.found;
      // Relevance: the pages with the words first, then the entity's other pages. By date:
      // the entity's pages (newest first), then the other pages with the words.
      results = found.length < 2 ? found[0].results
        : sort ? merge(found[1].results, found[0].results) : merge(found[0].results, found[1].results);
      showCard(outcome.entity);
      // Years of the words' pages, or of the entity's pages when the query names one.
      showYears((found[found.length - 1].filters || {}).year);
      status.textContent = (results.length ? results.length + (results.length === 1 ? " result" : " results")
        : "No results") + (where.cutoff ? " since " + formatPeriod(where.cutoff) : "") +
        (results.length ? "" : where.cutoff ? "." : ". Try fewer or other words.");
      if (where.cutoff) {
        earlier.textContent = "Search before " + formatPeriod(where.cutoff) + " too";
        earlier.hidden = false;
      }
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
    loadEntityTypes().then(function (entities) {
      entities.types.forEach(function (type, name) {
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
  [typeFilter, yearFilter, entityFilter, sortBox].forEach(function (field) { field.addEventListener("change", run); });
  entityFilter.addEventListener("focus", loadEntityNames);
  more.addEventListener("click", showMore);
  earlier.addEventListener("click", function () {
    depth += 1;
    run();
  });

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  typeFilter.value = params.get("type") || "";
  yearFilter.value = params.get("year") || "";
  entityFilter.value = params.get("entity") || "";
  sortBox.checked = params.get("sort") === "date";
  if (input.value) run();
  input.focus();
})();

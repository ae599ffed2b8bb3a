/* The two small scripts Material writes into every page, and the parts of its chrome only scripts
   use, as one file the browser keeps in its cache (1.4 KB less a page in all:
   overrides/partials/javascripts/base.html loads it in the <head>, where it runs before anything is
   painted; BENCHMARKS.md, "Site size at 10,000 articles").

   1. Material for MkDocs 9.8.1's partials/javascripts/base.html (MIT licence, © Martin Donath):
      the globals its bundle reads (__md_scope, __md_hash, __md_get, __md_set). The scope, the
      site's base address, is found from this file's own address (assets/javascripts/chrome.js
      under the base), or from data-scope (mkdocs.yml extra.scope). Zensical 0.0.73's also makes
      sure the scope ends in "/" and marks the page with the reader's platform (its stylesheet
      shows keyboard keys by it): done here too, harmless under Material.
   2. Its partials/javascripts/palette.html as a function, __kb_palette(), which the header calls
      where that script was (overrides/partials/javascripts/palette.html): the colour scheme the
      reader chose (kept in local storage by the palette switch), else the first of the palette's
      options (data-palette, from mkdocs.yml, or this site's default below) whose media query matches: the system's light or dark
      preference, as the switch would pick. */
(function (script) {
  var scope = script.getAttribute("data-scope");
  // Without data-palette, the options of this site's mkdocs.yml (light, and dark as "slate"):
  // partials/javascripts/base.html writes the attribute only when they differ.
  var options = JSON.parse(script.getAttribute("data-palette") || '[["(prefers-color-scheme: light)"],["(prefers-color-scheme: dark)","slate"]]');
  window.__md_scope = new URL(scope || "../..", scope ? location : script.src);
  if (!__md_scope.pathname.endsWith("/")) __md_scope = new URL(__md_scope.pathname + "/", location);
  window.__md_hash = function (e) {
    return [...e].reduce(function (e, _) { return (e << 5) - e + _.charCodeAt(0); }, 0);
  };
  window.__md_get = function (e, _ = localStorage, t = __md_scope) {
    return JSON.parse(_.getItem(t.pathname + "." + e));
  };
  window.__md_set = function (e, _, t = localStorage, a = __md_scope) {
    try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (e) {}
  };
  document.documentElement.setAttribute("data-platform", navigator.platform);

  // The palette option [media, scheme, primary, accent] whose media query matches now (Material's
  // defaults for the values data-palette leaves off its end).
  function matching(automatic) {
    for (var option of options) {
      if (option[0] && option[0] !== "(prefers-color-scheme)" && matchMedia(option[0]).matches) {
        return { media: option[0], scheme: option[1] || "default", primary: option[2] || "indigo", accent: option[3] || "indigo" };
      }
    }
    return automatic;
  }

  window.__kb_palette = function () {
    var palette = __md_get("__palette");
    var color = palette && palette.color;
    // A choice of the automatic option ("(prefers-color-scheme)"): the system's preference now.
    if (color && color.media === "(prefers-color-scheme)") color = matching(color);
    color = color || matching(null);
    if (color) {
      for (var key in color) document.body.setAttribute("data-md-color-" + key, color[key]);
    }
  };

  // 3. The header's search box and Material's two toggles, which only scripts use, written where
  //    the header calls __kb_header() (overrides/main.html), while the page is parsed, so before
  //    it is painted: 0.3 KB less on every page, 0.5 KB on light.html's.
  //    The box opens the search page with ?q=…, which searches with Pagefind, a script: without
  //    scripts it led to a page that could not search. Material's bundle looks the toggles up
  //    when it loads and stops without them; the pages of the navigation keep them in their HTML
  //    (their drawer opens without scripts), the others (overrides/light.html) get them here.
  window.__kb_header = function () {
    if (!document.getElementById("__drawer")) {
      document.body.insertAdjacentHTML("afterbegin", ["drawer", "search"].map(function (name) {
        return '<input class="md-toggle" data-md-toggle="' + name + '" type="checkbox" id="__' + name + '" autocomplete="off">';
      }).join(""));
    }
    var form = document.createElement("form");
    form.className = "kb-header-search";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Quick search");
    form.action = new URL("search/", __md_scope).href;
    form.method = "get";
    form.innerHTML = '<input class="kb-header-search__input" type="search" name="q" autocomplete="off" ' +
      'enterkeyhint="search" placeholder="Search" aria-label="Search the knowledge base" ' +
      'aria-keyshortcuts="/" title="Search (press /)">';
    document.currentScript.before(form);
  };

  // 4. Material's back-to-top button (navigation.top), which its script alone shows (it is hidden
  //    until the reader scrolls back up), on the pages of overrides/light.html, which leave it out
  //    of their HTML (0.16 KB each): added once the page is parsed, where Material's script, which
  //    mounts its components at that moment, finds it (this listener, added in the <head>, runs first).
  document.addEventListener("DOMContentLoaded", function () {
    var main = document.querySelector(".md-main");
    var config = document.getElementById("__config");
    if (!main || !config || document.querySelector("[data-md-component=top]")) return;
    if (JSON.parse(config.textContent).features.indexOf("navigation.top") < 0) return;
    main.insertAdjacentHTML("beforeend", '<button type="button" class="md-top md-icon" data-md-component="top" hidden>' +
      '<svg class="kb-icon kb-icon--top" viewBox="0 0 24 24"></svg> Back to top</button>');
  });

  // 5. The site's own scripts every page uses, search.js (the search page, and the "/" key on
  //    every page) and previews.js (hover cards), added once the page is parsed, where their tags
  //    at the end of the body ran: 0.13 KB less on every page (two tags with the page's relative
  //    path). Each finds the site's root from its own address (document.currentScript, which a
  //    script added so has too); async false keeps their order.
  document.addEventListener("DOMContentLoaded", function () {
    for (var name of ["search.js", "previews.js"]) {
      var tag = document.createElement("script");
      tag.src = new URL(name, script.src).href;
      tag.async = false;
      document.body.append(tag);
    }
  });
})(document.currentScript);

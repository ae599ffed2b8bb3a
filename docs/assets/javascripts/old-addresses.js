// WordPress's short addresses, /?p=123 and /?page_id=123, lead to the page that post became here.
// The import writes assets/ids.json (WordPress id -> page folder); it is fetched only when the
// address has such a query, so other page views cost nothing.
(function () {
  "use strict";
  var match = /[?&](?:p|page_id)=(\d+)(?:&|$)/.exec(window.location.search);
  var script = document.currentScript;
  if (!match || !script) return;
  var root = new URL("../../", script.src); // this file is assets/javascripts/old-addresses.js
  fetch(new URL("assets/ids.json", root))
    .then(function (response) { return response.ok ? response.json() : {}; })
    .then(function (ids) {
      var page = Object.prototype.hasOwnProperty.call(ids, match[1]) ? ids[match[1]] : "";
      // Only folders inside the site: the map is ours, but a path is checked all the same.
      if (typeof page === "string" && /^[\w\-./%]+\/$/.test(page) && page.indexOf("..") < 0) {
        window.location.replace(new URL(page, root).href);
      }
    })
    .catch(function () {});
})();

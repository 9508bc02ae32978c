// Coffer's console: small keyboard helps; every page works without this file.
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      var search = document.querySelector("[data-search]");
      if (search) { e.preventDefault(); search.focus(); search.select(); }
    } else if (e.key === "Escape") {
      var cancel = document.querySelector("[data-cancel]");
      if (cancel && typing) { window.location.href = cancel.getAttribute("href"); }
    }
  });
  // after a reveal, move focus to the value so a screen reader reads it and it can be copied
  document.addEventListener("htmx:afterSwap", function (e) {
    var v = e.detail && e.detail.target && e.detail.target.querySelector("pre.value");
    if (v) { v.focus(); }
  });
})();

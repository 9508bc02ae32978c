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
  // a copy button next to something shown once (a client secret, a token): shown only with this file,
  // the field beside it stays selectable and copyable by hand without it
  function copied(button) { button.textContent = "Copied"; }
  document.querySelectorAll("[data-copy]").forEach(function (b) { b.hidden = false; });
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-copy]");
    var field = b && document.getElementById(b.getAttribute("data-copy"));
    if (!field) { return; }
    field.focus(); field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () { copied(b); }, function () {
        b.textContent = document.execCommand("copy") ? "Copied" : "Selected: press Ctrl+C";
      });
    } else {
      b.textContent = document.execCommand("copy") ? "Copied" : "Selected: press Ctrl+C";
    }
  });
})();

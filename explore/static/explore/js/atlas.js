// Progressive enhancement for every page. The pages work without it.
"use strict";

// A disclosure beside the content on a wide screen, closed on a phone where the content
// comes first (the sheet's summary, the search's filters). Open without JavaScript.
(function () {
  var wide = window.matchMedia("(min-width: 48em)");
  function place() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = wide.matches;
    });
  }
  place();
  wide.addEventListener("change", place);
})();

// "Copy the address": a button only where the clipboard can be written.
document.querySelectorAll("[data-atlas-copy]").forEach(function (button) {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.getAttribute("data-atlas-copy")).then(function () {
      button.textContent = button.getAttribute("data-atlas-copied");
    });
  });
});

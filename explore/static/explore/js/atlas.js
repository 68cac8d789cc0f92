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

// Suggestions as one types, as buttons under a field (the search's filter of French
// authorities, the sign-up's authority picker): asked 200 ms after the last key from
// `address(text)`, only the last question's answer shown (answers may come back out of
// order); a click clears them and hands the item to `choose`.
window.atlasSuggestions = function (options) {
  var list = options.list;
  var timer = null;
  var asked = 0;

  function clear() {
    list.replaceChildren();
    list.hidden = true;
  }

  function show(results) {
    clear();
    results.forEach(function (item) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fr-btn fr-btn--tertiary-no-outline fr-btn--sm";
      button.textContent = options.label(item);
      button.addEventListener("click", function () {
        clear();
        options.choose(item);
      });
      li.appendChild(button);
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
    options.status.textContent = results.length ? "" : options.none;
  }

  options.input.addEventListener("input", function () {
    clearTimeout(timer);
    var text = options.input.value.trim();
    if (text.length < 2) { clear(); return; }
    timer = setTimeout(function () {
      var ticket = ++asked;
      fetch(options.address(text), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (ticket === asked) show(data.results); })
        .catch(clear);
    }, 200);
  });
};

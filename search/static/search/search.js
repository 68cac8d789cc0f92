// The search page's enhancements; without JavaScript the form works as it is (filters open,
// "Appliquer les filtres" and "Trier" buttons).
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var status = document.getElementById("search-status");

  // Shorter shareable URLs: empty fields are left out of the search's query string.
  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "" && key !== "page") params.append(key, value);
    });
    return params.toString();
  }
  form.addEventListener("formdata", function (event) {
    var empty = [];
    event.formData.forEach(function (value, key) {
      if (value === "") empty.push(key);
    });
    empty.forEach(function (key) { event.formData.delete(key); });
  });

  // A filter or the order applies as soon as it changes: the page's filters and results
  // are fetched and swapped in place, the address follows, and the new count is announced.
  // The buttons are then only needed where JavaScript is off.
  form.classList.add("atlas-search--live");
  var pending = null;

  function swap(html, address) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var focused = document.activeElement && document.activeElement.id;
    ["filters-region", "results-region"].forEach(function (id) {
      var old = document.getElementById(id), replacement = fresh.getElementById(id);
      if (old && replacement) old.replaceWith(replacement);
    });
    var summary = document.querySelector("#filters > summary");
    var freshSummary = fresh.querySelector("#filters > summary");
    if (summary && freshSummary) summary.textContent = freshSummary.textContent;
    document.title = fresh.title;
    history.pushState({ search: true }, "", address);  // "Back" undoes the change
    typeahead();
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
    var heading = document.getElementById("results-title");
    if (status && heading) status.textContent = heading.textContent.trim();
  }

  function apply() {
    var address = form.action.split("?")[0] + "?" + query();
    if (pending) pending.abort();
    pending = new AbortController();
    form.setAttribute("aria-busy", "true");
    fetch(address, { headers: { Accept: "text/html" }, signal: pending.signal })
      .then(function (response) {
        // An invalid value (a year out of range ...): the whole page says what is wrong.
        if (!response.ok) { window.location.assign(address); return null; }
        return response.text();
      })
      .then(function (html) { if (html !== null) swap(html, address); })
      .catch(function (error) { if (error.name !== "AbortError") window.location.assign(address); })
      .finally(function () { form.removeAttribute("aria-busy"); });
  }

  window.addEventListener("popstate", function () { window.location.reload(); });

  form.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.name || field.name === "q" || field.closest(".atlas-typeahead")) return;
    apply();
  });

  // Type-ahead for the French authority facet (atlas.js's suggestions): among the
  // authorities of the current search; choosing one adds it to the filters.
  function typeahead() {
    var box = document.querySelector(".atlas-typeahead");
    if (!box || box.dataset.ready || !window.atlasSuggestions) return;
    box.dataset.ready = "1";
    box.closest(".atlas-typeahead-box").hidden = false;
    var input = box.querySelector("input");
    window.atlasSuggestions({
      input: input,
      list: box.querySelector(".atlas-typeahead__list"),
      status: document.getElementById("authority-search-status"),
      none: box.dataset.none,
      address: function (text) {
        var params = new URLSearchParams(query());
        params.delete("authority");
        params.set("name", text);
        return box.dataset.suggestions + "?" + params.toString();
      },
      label: function (item) { return item.name + " (" + item.count + ")"; },
      choose: function (item) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "authority";
        hidden.value = item.id;
        form.appendChild(hidden);
        input.value = "";
        apply();
        hidden.remove();  // the swapped filters now hold it as a ticked box
      }
    });
  }
  typeahead();
})();

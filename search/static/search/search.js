// Shorter shareable URLs: empty fields are left out of the search's query string.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  form.addEventListener("formdata", function (event) {
    var empty = [];
    event.formData.forEach(function (value, key) {
      if (value === "") empty.push(key);
    });
    empty.forEach(function (key) { event.formData.delete(key); });
  });
})();

// Type-ahead for the French authority facet: suggestions come from the server, among
// the authorities of the current search; choosing one adds it to the filters.
(function () {
  "use strict";
  var box = document.querySelector(".atlas-typeahead");
  if (!box) return;
  box.closest(".atlas-typeahead-box").hidden = false;
  var form = document.getElementById("search-form");
  var input = box.querySelector("input");
  var list = box.querySelector(".atlas-typeahead__list");
  var status = document.getElementById("authority-search-status");
  var timer = null;

  function clear() {
    list.replaceChildren();
    list.hidden = true;
  }

  function choose(id) {
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "authority";
    hidden.value = id;
    form.appendChild(hidden);
    var page = form.querySelector("input[name=page]");
    if (page) page.remove();
    form.submit();
  }

  function show(results) {
    clear();
    results.forEach(function (item) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fr-btn fr-btn--tertiary-no-outline fr-btn--sm";
      button.textContent = item.name + " (" + item.count + ")";
      button.addEventListener("click", function () { choose(item.id); });
      li.appendChild(button);
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
    status.textContent = results.length ? "" : box.dataset.none;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) { clear(); return; }
    timer = setTimeout(function () {
      var params = new URLSearchParams(new FormData(form));
      params.delete("authority");
      params.delete("page");
      params.set("name", text);
      fetch(box.dataset.suggestions + "?" + params.toString(), {
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { show(data.results); })
        .catch(clear);
    }, 200);
  });
})();

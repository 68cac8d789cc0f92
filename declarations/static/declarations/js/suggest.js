// Suggestions as one types, in a list the browser shows under the field (a datalist):
// French partners from the official list (the sign-up's endpoint), the person's own
// authorities first; foreign partners from the GeoNames towns of the chosen country.
// An enhancement only: without JavaScript the fields take what is typed, and the server
// says which authority it means or asks to choose.
(function () {
  "use strict";
  var form = document.getElementById("sheet-form");
  if (!form || !window.fetch) return;
  var own = Array.prototype.map.call(
    document.querySelectorAll("#own-authorities option"),
    function (option) { return option.value; }
  );

  function fill(list, labels) {
    list.replaceChildren.apply(list, labels.map(function (label) {
      var option = document.createElement("option");
      option.value = label;
      return option;
    }));
  }

  function attach(input, address, first) {
    if (input.dataset.suggestReady) return;
    input.dataset.suggestReady = "1";
    var list = document.createElement("datalist");
    list.id = "suggest-" + input.id;
    input.after(list);
    input.setAttribute("list", list.id);
    fill(list, first(""));
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      var url = address(text);
      if (text.length < 2 || !url || url === asked) return;
      timer = setTimeout(function () {
        asked = url;
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (found) {
            var results = Array.isArray(found) ? found : (found.results || []);
            var mine = first(text);
            var labels = results.map(function (item) { return item.label; });
            fill(list, mine.concat(labels.filter(function (l) { return mine.indexOf(l) === -1; })));
          })
          .catch(function () { /* the field still works as typed */ });
      }, 200);
    });
  }

  function ownMatching(text) {
    text = text.toLowerCase();
    return own.filter(function (label) { return label.toLowerCase().indexOf(text) !== -1; });
  }

  function none() { return []; }

  Array.prototype.forEach.call(form.querySelectorAll('[data-suggest="french-authority"]'), function (input) {
    attach(input, function (text) {
      return form.dataset.suggestUrl + "?q=" + encodeURIComponent(text);
    }, ownMatching);
  });
  Array.prototype.forEach.call(form.querySelectorAll('[data-suggest="foreign-town"]'), function (input) {
    var country = document.getElementById(input.id.replace(/-name$/, "-country"));
    attach(input, function (text) {
      if (!country || !country.value) return null;
      return form.dataset.townsUrl + "?country=" + encodeURIComponent(country.value) +
        "&q=" + encodeURIComponent(text);
    }, none);
  });
})();

// Suggestions as one types a French partner's name, from the official list (the same
// endpoint as the sign-up's). An enhancement only: without JavaScript the field takes a
// typed name or label, and the server says which authority it means or asks to choose.
(function () {
  "use strict";
  var form = document.getElementById("sheet-form");
  if (!form || !window.fetch) return;
  var url = form.getAttribute("data-suggest-url");
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

  function attach(input) {
    if (input.dataset.suggestReady) return;
    input.dataset.suggestReady = "1";
    var list = document.createElement("datalist");
    list.id = "suggest-" + input.id;
    input.after(list);
    input.setAttribute("list", list.id);
    fill(list, own);
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || text === asked) return;
      timer = setTimeout(function () {
        asked = text;
        fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (found) {
            var results = Array.isArray(found) ? found : (found.results || []);
            var labels = results.map(function (item) { return item.label; });
            var mine = own.filter(function (label) {
              return label.toLowerCase().indexOf(text.toLowerCase()) !== -1;
            });
            fill(list, mine.concat(labels.filter(function (l) { return mine.indexOf(l) === -1; })));
          })
          .catch(function () { /* the field still works as typed */ });
      }, 200);
    });
  }

  Array.prototype.forEach.call(form.querySelectorAll('[data-suggest="french-authority"]'), attach);
})();

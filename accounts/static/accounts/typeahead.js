// Suggestions of French authorities as one types (accounts/_authority_picker.html).
// Without this file the picker still works: its "Chercher" button lists the matches as
// radio buttons. Choosing a suggestion fills `french_authority`; where the picker says
// data-submit, the form is sent at once with that button (the sign-up's next step).
(function () {
  "use strict";
  document.querySelectorAll(".atlas-picker").forEach(function (picker) {
    var form = picker.closest("form");
    var input = picker.querySelector("input[name=authority_search]");
    var list = picker.querySelector(".atlas-picker__suggestions");
    var status = document.getElementById("authority-picker-status");
    var timer = null;
    var asked = 0;

    function clear() {
      list.replaceChildren();
      list.hidden = true;
    }

    function choose(item) {
      // The radio buttons of a search made without the type-ahead give way to the choice.
      var matches = picker.querySelector(".atlas-picker__matches");
      if (matches) matches.remove();
      form.querySelectorAll("input[type=hidden][name=french_authority]").forEach(function (old) {
        old.remove();
      });
      var chosen = document.createElement("input");
      chosen.type = "hidden";
      chosen.name = "french_authority";
      chosen.value = item.id;
      form.appendChild(chosen);
      clear();
      var shown = picker.querySelector(".atlas-picker__chosen");
      shown.textContent = picker.dataset.chosen + " " + item.label;
      shown.hidden = false;
      if (picker.dataset.submit) {
        form.requestSubmit(form.querySelector("button[name=" + picker.dataset.submit + "]"));
      }
    }

    function show(results) {
      clear();
      results.forEach(function (item) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "fr-btn fr-btn--tertiary-no-outline fr-btn--sm";
        button.textContent = item.label;
        button.addEventListener("click", function () { choose(item); });
        li.appendChild(button);
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
      status.textContent = results.length ? "" : picker.dataset.none;
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { clear(); return; }
      timer = setTimeout(function () {
        var ticket = ++asked;  // answers may come back out of order: keep the last asked
        fetch(picker.dataset.suggestions + "?" + new URLSearchParams({ q: text }), {
          headers: { Accept: "application/json" }
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { if (ticket === asked) show(data.results); })
          .catch(clear);
      }, 200);
    });
  });
})();

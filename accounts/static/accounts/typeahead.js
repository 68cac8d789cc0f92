// Suggestions of French authorities as one types (accounts/_authority_picker.html).
// Without this file the picker still works: its "Chercher" button lists the matches as
// radio buttons. Choosing a suggestion fills `french_authority`; where the picker says
// data-submit, the form is sent at once with that button (the sign-up's next step).
(function () {
  "use strict";
  if (!window.atlasSuggestions) return;  // (atlas.js, on every page)
  document.querySelectorAll(".atlas-picker").forEach(function (picker) {
    var form = picker.closest("form");
    window.atlasSuggestions({
      input: picker.querySelector("input[name=authority_search]"),
      list: picker.querySelector(".atlas-picker__suggestions"),
      status: document.getElementById("authority-picker-status"),
      none: picker.dataset.none,
      address: function (text) {
        return picker.dataset.suggestions + "?" + new URLSearchParams({ q: text });
      },
      label: function (item) { return item.label; },
      choose: function (item) {
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
        var shown = picker.querySelector(".atlas-picker__chosen");
        shown.textContent = picker.dataset.chosen + " " + item.label;
        shown.hidden = false;
        if (picker.dataset.submit) {
          form.requestSubmit(form.querySelector("button[name=" + picker.dataset.submit + "]"));
        }
      }
    });
  });
})();

// Progressive enhancement for every page. The pages work without it.
"use strict";

// E-mail addresses reach the page encoded (reversed, then base64) so that
// scrapers reading the HTML do not find them; people get a working link.
document.querySelectorAll("[data-atlas-email]").forEach(function (element) {
  var address = atob(element.getAttribute("data-atlas-email")).split("").reverse().join("");
  var link = document.createElement("a");
  link.href = "mailto:" + address;
  link.textContent = address;
  link.className = "fr-link";
  element.replaceWith(link);
});

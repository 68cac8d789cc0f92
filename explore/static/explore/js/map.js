// The world map drawn from the map page's table (the table is the content: it lists every
// country with its figures and links to its page; the map shows it, hidden from assistive
// technologies). Shapes from world-atlas (Natural Earth), keyed by ISO numeric code.
// Five classes from the quantiles of the values, in a blue scale read by people with the
// common colour-vision deficiencies; a click on a country opens its page.
(function () {
  "use strict";
  var box = document.getElementById("world-map");
  if (!box || !window.echarts || !window.fetch) return;
  var table = document.getElementById(box.dataset.table);
  var language = document.documentElement.lang || "fr";
  var number = new Intl.NumberFormat(language);
  var COLOURS = ["#c6dbef", "#9ecae1", "#4292c6", "#2171b5", "#08306b"];
  var rows = Array.prototype.map.call(table.querySelectorAll("tbody tr"), function (tr) {
    var cells = tr.querySelectorAll("td");
    return {
      name: tr.dataset.numeric,
      url: tr.dataset.url,
      label: tr.querySelector("th").textContent.trim(),
      count: Number(cells[0].dataset.value),
      amount: cells[1] ? Number(cells[1].dataset.value) : 0
    };
  });
  var headers = table.querySelectorAll("thead th");
  var names = { count: headers[1].textContent.trim(), amount: headers[2] ? headers[2].textContent.trim() : "" };

  function pieces(values, unit) {
    var sorted = values.filter(function (v) { return v > 0; }).sort(function (a, b) { return a - b; });
    if (!sorted.length) return [];
    var bounds = [];
    [0.2, 0.4, 0.6, 0.8].forEach(function (q) {
      var v = sorted[Math.floor(q * (sorted.length - 1))];
      if (bounds.indexOf(v) === -1 && v < sorted[sorted.length - 1]) bounds.push(v);
    });
    var low = sorted[0];
    var result = [];
    bounds.concat([sorted[sorted.length - 1]]).forEach(function (high, i, all) {
      result.push({
        min: low, max: high,
        label: (low === high ? number.format(low) : number.format(low) + " – " + number.format(high)) + unit
      });
      low = high + (Number.isInteger(high) ? 1 : 0.01);
    });
    var offset = COLOURS.length - result.length;
    result.forEach(function (piece, i) { piece.color = COLOURS[offset + i]; });
    return result;
  }

  function option(measure) {
    return {
      animation: false,  // a map that moves helps nobody, and some readers it hinders
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var row = p.data;
          if (!row) return "";
          var text = row.label + "<br>" + names.count + " : " + number.format(row.count);
          return names.amount ? text + "<br>" + names.amount + " : " + number.format(row.amount) : text;
        }
      },
      visualMap: {
        type: "piecewise", pieces: pieces(rows.map(function (r) { return r[measure]; }), measure === "amount" ? " €" : ""),
        left: 8, bottom: 8, textStyle: { fontFamily: "Marianne, arial, sans-serif" }
      },
      series: [{
        type: "map", map: "world", roam: true, nameProperty: "name",
        itemStyle: { areaColor: "#eeeeee", borderColor: "#999999", borderWidth: 0.5 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#E69F00" } },
        select: { disabled: true },
        data: rows.map(function (r) {
          return { name: r.name, value: r[measure], label: r.label, url: r.url, count: r.count, amount: r.amount };
        })
      }]
    };
  }

  fetch(box.dataset.shapes).then(function (r) { return r.json(); }).then(function (shapes) {
    window.echarts.registerMap("world", shapes);
    box.style.height = box.classList.contains("atlas-map--small") ? "300px" : "480px";
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption(option("count"));
    chart.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
    var controls = document.getElementById("map-controls");  // the map page's only
    if (controls) {
      controls.hidden = false;
      Array.prototype.forEach.call(controls.querySelectorAll("input[name=map-measure]"), function (input) {
        input.addEventListener("change", function () { chart.setOption(option(input.value)); box.dataset.measure = input.value; });
      });
    }
    box.dataset.measure = "count";
    box.dataset.drawn = "1";
    // A resize follows the window once it has settled (a screenshot or a rotating
    // phone sends many), and never for a box with no size: ECharts fails on one.
    var settling = null;
    window.addEventListener("resize", function () {
      clearTimeout(settling);
      settling = setTimeout(function () {
        if (box.clientWidth && box.clientHeight) chart.resize();
      }, 150);
    });
  });
})();

// Charts drawn from the statistics page's tables (the tables are the content: the charts
// only show them, and are hidden from assistive technologies). Colours from the
// Okabe-Ito palette, told apart by people with the common colour-vision deficiencies.
(function () {
  "use strict";
  if (!window.echarts) return;
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  var language = document.documentElement.lang || "fr";
  var number = new Intl.NumberFormat(language);

  function read(table) {
    var columns = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    }).slice(1);
    var rows = Array.prototype.map.call(table.querySelectorAll("tbody tr"), function (tr) {
      var cells = Array.prototype.slice.call(tr.querySelectorAll("td"));
      var head = tr.querySelector("th") || cells.shift();  // a row's label: its header or first cell
      return {
        label: head.textContent.trim(),
        values: cells.map(function (td) {
          // A table written for reading ("1 234", "12 000 €") gives its digits.
          var text = td.dataset.value !== undefined ? td.dataset.value : td.textContent;
          return Number(String(text).replace(/[^0-9,.-]/g, "").replace(",", "."));
        })
      };
    });
    return { columns: columns, rows: rows };
  }

  function option(kind, data) {
    var labels = data.rows.map(function (row) { return row.label; });
    var common = {
      color: PALETTE,
      textStyle: { fontFamily: "Marianne, arial, sans-serif" },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return number.format(v); } },
      grid: { containLabel: true, left: 8, right: 24, top: 32, bottom: 8 }
    };
    if (kind === "years") {
      // Years along the axis, the first column's numbers as bars (rows without a year,
      // which come last, left out).
      var dated = data.rows.filter(function (row) { return /^[0-9]{4}$/.test(row.label); });
      common.xAxis = { type: "category", data: dated.map(function (row) { return row.label; }) };
      common.yAxis = { type: "value", minInterval: 1 };
      common.series = [{
        name: data.columns[0], type: "bar",
        data: dated.map(function (row) { return row.values[0]; })
      }];
      return common;
    }
    if (kind === "stacked") {
      common.legend = { top: 0 };
      common.xAxis = { type: "category", data: labels };
      common.yAxis = { type: "value", minInterval: 1 };
      common.series = data.columns.map(function (column, i) {
        return {
          name: column, type: "bar", stack: "all",
          data: data.rows.map(function (row) { return row.values[i]; })
        };
      });
      return common;
    }
    // One series: horizontal bars, the largest first, labels readable in full.
    common.xAxis = { type: "value", minInterval: 1 };
    common.yAxis = { type: "category", data: labels.slice().reverse(), axisLabel: { width: 220, overflow: "truncate" } };
    common.series = [{
      name: data.columns[0], type: "bar",
      data: data.rows.map(function (row) { return row.values[0]; }).reverse(),
      label: { show: true, position: "right", formatter: function (p) { return number.format(p.value); } }
    }];
    return common;
  }

  Array.prototype.forEach.call(document.querySelectorAll(".atlas-chart"), function (box) {
    var table = document.getElementById(box.dataset.table);
    if (table && table.tagName !== "TABLE") table = table.querySelector("table");
    if (!table) return;
    var data = read(table);
    if (!data.rows.length) return;
    var kind = box.dataset.chart;
    box.style.height = kind === "stacked" || kind === "years" ? "320px" : Math.max(160, 28 * data.rows.length + 48) + "px";
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption(option(kind, data));
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

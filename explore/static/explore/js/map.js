// The world map drawn from a page's table (the table is the content: it lists every
// country with its figures and links to its page; the map shows it, hidden from assistive
// technologies). Shapes from world-atlas (Natural Earth), keyed by ISO numeric code.
// Five classes from the quantiles of the values, in a blue scale read by people with the
// common colour-vision deficiencies; a click on a country opens its page.
//
// On the map page (a box with `data-places`), more layers from /carte/lieux.json for the
// same filters: the partner towns as points grouped by Supercluster at each zoom (a group
// opens on a click, a town lists its partnerships below the map), the lines from French
// partners to foreign ones for a small selection, and a France view with the French
// partners by région or département. Buttons zoom and switch views from the keyboard.
(function () {
  "use strict";
  var box = document.getElementById("world-map");
  if (!box || !window.fetch) return;
  // A page that did not load ECharts (the home page: its map is far below) fetches it
  // when the map comes near the screen.
  if (!window.echarts) {
    if (!box.dataset.echarts || !window.IntersectionObserver) return;
    var watching = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      watching.disconnect();
      var script = document.createElement("script");
      script.src = box.dataset.echarts;
      script.onload = draw;
      document.head.appendChild(script);
    }, { rootMargin: "400px" });
    watching.observe(box);
    return;
  }
  draw();

  function draw() {
    var table = document.getElementById(box.dataset.table);
    var language = document.documentElement.lang || "fr";
    var number = new Intl.NumberFormat(language);
    var plural = new Intl.PluralRules(language);
    var textsScript = document.getElementById("map-texts");
    var texts = textsScript ? JSON.parse(textsScript.textContent) : {};
    // One hue, lighter to darker: an order every common colour-vision deficiency keeps.
    // Each class has a contrast of 1.5 or more with the one before it, the lightest with
    // the countries without partnership (tests/explore/test_map.py checks it).
    var COLOURS = ["#a6cee8", "#5fa2d4", "#2b72b8", "#104e8f", "#082a5c"];
    var NO_DATA = "#f7f7f7";
    var POINT = "#E69F00";  // orange beside the blues: apart for every common deficiency
    var EDGE = "#161616";  // a point stands out 3:1 by its edge on light fills, by its orange on dark
    var FRANCE = { center: [2.6, 46.6], zoom: 11 };
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
    var byName = {};
    rows.forEach(function (row) { byName[row.name] = row; });
    var headers = table.querySelectorAll("thead th");
    var names = { count: headers[1].textContent.trim(), amount: headers[2] ? headers[2].textContent.trim() : "" };
    var state = { measure: "count", view: "world", french: "departement", places: true, flows: true };
    var layers = null;  // what /carte/lieux.json answered
    var clusters = null;  // the Supercluster index of the partner towns
    var fitted = null;  // the view a filtered selection opens on
    var chart = null;

    // "%(name)s : %(count)s partenariats" with its values, in the form the count asks for.
    function say(key, values) {
      var forms = texts[key];
      if (!forms) return "";
      var text = typeof forms === "string" ? forms : forms[plural.select(values.count)] || forms.other;
      return text.replace(/%\(([a-z]+)\)s/g, function (whole, name) {
        var value = values[name];
        return typeof value === "number" ? number.format(value) : String(value);
      });
    }

    function escape(text) {
      var span = document.createElement("span");
      span.textContent = text;
      return span.innerHTML;
    }

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
      bounds.concat([sorted[sorted.length - 1]]).forEach(function (high) {
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

    // The supercluster zoom matching the map's scale: at zoom z the world is 256 * 2^z wide.
    function clusterZoom() {
      var west = chart.convertToPixel({ geoIndex: 0 }, [-180, 0]);
      var east = chart.convertToPixel({ geoIndex: 0 }, [180, 0]);
      var width = Math.abs(east[0] - west[0]);
      return Math.max(0, Math.min(16, Math.round(Math.log2(width / 256))));
    }

    function placesData() {
      if (!clusters || !state.places || state.view !== "world") return [];
      return clusters.getClusters([-180, -85, 180, 85], clusterZoom()).map(function (feature) {
        var p = feature.properties;
        return {
          value: feature.geometry.coordinates.concat([p.count]),
          cluster: p.cluster ? p.cluster_id : null,
          towns: p.point_count || 1,
          id: p.id, name: p.name, count: p.count
        };
      });
    }

    function flowsData() {
      if (!layers || !layers.flows || !state.flows || state.view !== "world") return [];
      return layers.flows.map(function (f) {
        return { coords: [[f[0], f[1]], [f[2], f[3]]], count: f[4], from: f[5], to: f[6] };
      });
    }

    function frenchData() {
      if (!layers || state.view !== "france") return [];
      return layers.french[state.french].map(function (a) {
        return { value: [a[2], a[3], a[4]], name: a[1], count: a[4] };
      });
    }

    function size(count, largest) {
      return 8 + 28 * Math.sqrt(count / Math.max(largest, 1));
    }

    function largest(data) {
      return data.reduce(function (m, d) { return Math.max(m, d.count); }, 1);
    }

    function tooltip(p) {
      var d = p.data || byName[p.name];
      if (!d) return "";
      if (p.seriesId === "places") {
        return escape(d.cluster !== null ? say("cluster", { towns: d.towns, count: d.count }) : say("place", d));
      }
      if (p.seriesId === "flows") return escape(say("flow", d));
      if (p.seriesId === "french") return escape(say("place", d));
      var colon = language === "fr" ? " : " : ": ";  // French typography in French only
      var text = escape(d.label) + "<br>" + escape(names.count) + colon + number.format(d.count);
      return names.amount ? text + "<br>" + escape(names.amount) + colon + number.format(d.amount) : text;
    }

    function overlays() {
      var places = placesData(), french = frenchData(), flows = flowsData();
      var top = largest(places), topFrench = largest(french), topFlow = largest(flows);
      flows.forEach(function (d) { d.lineStyle = { width: 1 + 3 * d.count / topFlow }; });
      return [
        {
          id: "places", type: "scatter", coordinateSystem: "geo", geoIndex: 0, z: 4,
          data: places,
          symbolSize: function (v, p) { return size(p.data.count, top); },
          itemStyle: { color: POINT, borderColor: EDGE, borderWidth: 1, opacity: 0.9 },
          label: {
            show: true, color: "#161616", fontSize: 11,
            formatter: function (p) { return p.data.cluster !== null ? number.format(p.data.towns) : ""; }
          },
          emphasis: { scale: 1.2 }
        },
        {
          id: "flows", type: "lines", coordinateSystem: "geo", geoIndex: 0, z: 3,
          data: flows, silent: false,
          lineStyle: { color: EDGE, opacity: 0.55, curveness: 0.2, width: 1 },
          emphasis: { lineStyle: { width: 3, opacity: 1 } },
          symbol: ["none", "arrow"], symbolSize: 6
        },
        {
          id: "french", type: "scatter", coordinateSystem: "geo", geoIndex: 0, z: 4,
          data: french,
          symbolSize: function (v, p) { return size(p.data.count, topFrench); },
          itemStyle: { color: POINT, borderColor: EDGE, borderWidth: 1, opacity: 0.85 }
        }
      ];
    }

    function option() {
      var measure = state.measure;
      return {
        animation: false,  // a map that moves helps nobody, and some readers it hinders
        tooltip: { trigger: "item", formatter: tooltip },
        visualMap: {
          type: "piecewise", seriesIndex: 0, show: state.view === "world",
          pieces: pieces(rows.map(function (r) { return r[measure]; }), measure === "amount" ? " €" : ""),
          left: 8, bottom: 8, textStyle: { fontFamily: "Marianne, arial, sans-serif" }
        },
        geo: {
          map: "world", roam: true, nameProperty: "name", scaleLimit: { min: 1, max: 200 },
          itemStyle: { areaColor: NO_DATA, borderColor: "#999999", borderWidth: 0.5 },
          emphasis: { label: { show: false }, itemStyle: { areaColor: "#E69F00" } },
          select: { disabled: true }, label: { show: false }
        },
        series: [{
          id: "countries", type: "map", geoIndex: 0,
          // In the France view the countries stay grey: the French partners' points speak.
          data: state.view === "world" ? rows.map(function (r) {
            return { name: r.name, value: r[measure], label: r.label, url: r.url, count: r.count, amount: r.amount };
          }) : []
        }].concat(box.dataset.places ? overlays() : [])
      };
    }

    function refresh() {
      if (!box.dataset.places) return;  // a page's small map has the countries only
      chart.setOption({ series: overlays() });
      box.dataset.zoom = String(clusterZoom());
    }

    function moveTo(center, zoom) {
      chart.setOption({ geo: { center: center, zoom: zoom } });
      refresh();
    }

    function zoomBy(factor) {
      var geo = chart.getOption().geo[0];
      moveTo(geo.center, Math.max(1, Math.min(200, (geo.zoom || 1) * factor)));
    }

    function home() {
      if (state.view === "france") moveTo(FRANCE.center, FRANCE.zoom);
      else if (fitted) moveTo(fitted.center, fitted.zoom);
      else moveTo(null, 1);
    }

    // A filtered selection opens on the part of the world its towns and lines cover; the
    // whole atlas on the whole world. The shapes span 360 degrees by about 140 at zoom 1.
    function fit() {
      if (box.dataset.places.indexOf("?") === -1) return null;
      var points = layers.places.map(function (p) { return [p[1], p[2]]; });
      (layers.flows || []).forEach(function (f) { points.push([f[0], f[1]]); });
      if (!points.length) return null;
      var lon = points.map(function (p) { return p[0]; }), lat = points.map(function (p) { return p[1]; });
      var west = Math.min.apply(null, lon), east = Math.max.apply(null, lon);
      var south = Math.min.apply(null, lat), north = Math.max.apply(null, lat);
      var zoom = 0.7 * Math.min(360 / Math.max(east - west, 4), 140 / Math.max(north - south, 4));
      if (zoom < 1.5) return null;
      return { center: [(west + east) / 2, (south + north) / 2], zoom: Math.min(zoom, 40) };
    }

    // A group of towns opens one zoom step further, centred on it; towns sharing one
    // position (they never come apart) are listed below the map instead.
    function expand(d) {
      var target = clusters.getClusterExpansionZoom(d.cluster);
      if (target > 16) {
        var leaves = clusters.getLeaves(d.cluster, Infinity);
        showTogether(leaves.map(function (leaf) { return leaf.properties; }));
        return;
      }
      var geo = chart.getOption().geo[0];
      var factor = Math.pow(2, target - clusterZoom());
      moveTo(d.value.slice(0, 2), Math.min(200, (geo.zoom || 1) * factor));
    }

    function panel() {
      return {
        box: document.getElementById("map-place"),
        title: document.getElementById("map-place-title"),
        precision: document.getElementById("map-place-precision"),
        found: document.getElementById("map-place-found"),
        list: document.getElementById("map-place-list"),
        more: document.getElementById("map-place-more")
      };
    }

    function showTogether(towns) {
      var p = panel();
      p.title.textContent = texts.together;
      p.precision.textContent = "";
      p.found.textContent = "";
      p.list.textContent = "";
      towns.forEach(function (town) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "fr-link";
        button.textContent = say("place", town);
        button.addEventListener("click", function () { showPlace(town.id); });
        li.appendChild(button);
        p.list.appendChild(li);
      });
      p.more.parentNode.hidden = true;
      p.box.hidden = false;
    }

    function showPlace(id) {
      var p = panel();
      var address = box.dataset.place.replace(/\/0\.json/, "/" + id + ".json");
      fetch(address, { headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (place) {
          p.title.textContent = place.name + " (" + place.country + ")";
          p.precision.textContent = place.precision;
          p.found.textContent = say("found", { count: place.count });
          p.list.textContent = "";
          place.projects.forEach(function (project) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = project.url;
            a.textContent = project.title;
            li.appendChild(a);
            p.list.appendChild(li);
          });
          p.more.href = place.url;
          p.more.textContent = texts.more;
          p.more.parentNode.hidden = false;
          p.box.hidden = false;
          p.box.dataset.place = String(id);
        })
        .catch(function () {
          p.title.textContent = texts.failed;
          p.precision.textContent = p.found.textContent = p.list.textContent = "";
          p.more.parentNode.hidden = true;
          p.box.hidden = false;
        });
    }

    function loadLayers() {
      return fetch(box.dataset.places, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (answer) {
          if (!answer) return;
          layers = answer;
          clusters = new window.Supercluster({
            radius: 48, maxZoom: 16,
            map: function (props) { return { count: props.count }; },
            reduce: function (total, props) { total.count += props.count; }
          });
          clusters.load(answer.places.map(function (p) {
            return {
              type: "Feature", geometry: { type: "Point", coordinates: [p[1], p[2]] },
              properties: { id: p[0], name: p[3], precision: p[4], count: p[5] }
            };
          }));
          var flows = document.getElementById("map-flows");
          if (flows && !answer.flows) {
            flows.checked = false;
            flows.disabled = true;
            state.flows = false;
          }
          fitted = fit();
          if (fitted) home();
          else refresh();
          box.dataset.layers = "1";
        });
    }

    function controls() {
      var all = document.getElementById("map-controls");
      if (!all) return;
      all.hidden = false;
      function each(selector, handler) {
        Array.prototype.forEach.call(all.querySelectorAll(selector), function (input) {
          input.addEventListener("change", function () { handler(input); });
        });
      }
      each("input[name=map-measure]", function (input) {
        state.measure = input.value;
        chart.setOption(option());
        box.dataset.measure = input.value;
      });
      each("input[name=map-view]", function (input) {
        state.view = input.value;
        document.getElementById("map-french-controls").hidden = state.view !== "france";
        document.getElementById("map-layers").hidden = state.view === "france";
        box.dataset.view = state.view;
        chart.setOption(option());
        home();
      });
      each("input[name=map-french]", function (input) { state.french = input.value; refresh(); });
      each("#map-places", function (input) { state.places = input.checked; refresh(); });
      each("#map-flows", function (input) { state.flows = input.checked; refresh(); });
      Array.prototype.forEach.call(all.querySelectorAll("button[data-zoom]"), function (button) {
        button.addEventListener("click", function () {
          var how = button.dataset.zoom;
          if (how === "reset") home();
          else zoomBy(how === "in" ? 2 : 0.5);
        });
      });
    }

    fetch(box.dataset.shapes).then(function (r) { return r.json(); }).then(function (shapes) {
      window.echarts.registerMap("world", shapes);
      // As high as the world is for the box's width (a phone's map has no empty band).
      var highest = box.classList.contains("atlas-map--small") ? 300 : 520;
      box.style.height = Math.round(Math.min(highest, Math.max(220, box.clientWidth * 0.55))) + "px";
      chart = window.echarts.init(box, null, { renderer: "svg" });
      chart.setOption(option());
      chart.on("click", function (p) {
        if (p.seriesId === "places") {
          if (p.data.cluster !== null) expand(p.data);
          else showPlace(p.data.id);
        } else if (p.seriesId === "countries" || p.componentType === "geo") {
          var row = byName[p.name];  // the shapes' event carries the country's code only
          if (row) window.location.href = row.url;
        }
      });
      var settlingRoam = null;
      chart.on("georoam", function () {
        clearTimeout(settlingRoam);
        settlingRoam = setTimeout(refresh, 120);
      });
      box.dataset.measure = "count";
      box.dataset.view = "world";
      box.dataset.drawn = "1";
      controls();
      if (box.dataset.places && window.Supercluster) loadLayers();
      // A resize follows the window once it has settled (a screenshot or a rotating
      // phone sends many), and never for a box with no size: ECharts fails on one.
      var settling = null;
      window.addEventListener("resize", function () {
        clearTimeout(settling);
        settling = setTimeout(function () {
          if (box.clientWidth && box.clientHeight) { chart.resize(); if (layers) refresh(); }
        }, 150);
      });
    });
  }
})();

// The report page: draws the figures Baton embedded in the page with uPlot (served by Baton).
(function () {
  'use strict';
  var data = window.BATON_REPORT;
  var series = data.series;
  var COLORS = ['#1264a3', '#e01e5a', '#2eb67d', '#ecb22e', '#36c5f0'];

  function minutes(value) {
    if (value === null || value === undefined) return '–';
    if (value < 60) return Math.round(value * 10) / 10 + ' min';
    var whole = Math.round(value);
    return Math.floor(whole / 60) + ' h' + (whole % 60 ? ' ' + (whole % 60) + ' min' : '');
  }
  function percent(share) {
    return share === null || share === undefined ? '–' : Math.round(share * 100) + '%';
  }
  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  document.getElementById('generated').textContent =
    'As of ' + new Date(data.generatedAt).toLocaleString('en-GB', { timeZone: data.timeZone }) + ' (' + data.timeZone + ') · SLA ' + data.slaMinutes + ' min';

  var w = series.window;
  var tiles = [
    ['Leads in', String(w.leadsIn)],
    ['Median to first contact', minutes(w.medianMinutes)],
    ['p90 to first contact', minutes(w.p90Minutes)],
    ['Contacted within SLA', percent(w.slaHitRate)],
    ['Re-routes', String(w.reroutes)],
    ['Escalations', String(w.escalations)],
  ];
  var tileBox = document.getElementById('tiles');
  tiles.forEach(function (tile) {
    var box = el('div');
    box.className = 'tile';
    box.appendChild(el('span', tile[0]));
    box.appendChild(el('b', tile[1]));
    tileBox.appendChild(box);
  });

  var body = document.querySelector('#reps tbody');
  w.perRep.forEach(function (rep) {
    var row = el('tr');
    [rep.name, String(rep.leads), minutes(rep.medianMinutes), percent(rep.slaHitRate), String(rep.openNow)].forEach(function (cell) {
      row.appendChild(el('td', cell));
    });
    body.appendChild(row);
  });

  function host(name) {
    return document.querySelector('[data-chart="' + name + '"] .chart');
  }
  function width(node) {
    return Math.max(300, node.clientWidth || 400);
  }

  /** Categories on x (bars or lines); uPlot wants numbers, so x is the index and the axis shows labels. */
  function chart(name, labels, lines, options) {
    var node = host(name);
    options = options || {};
    var hasData = lines.some(function (line) {
      return line.values.some(function (v) { return v !== null && v !== 0; });
    });
    if (labels.length === 0 || (!hasData && options.emptyText)) {
      var empty = el('div', options.emptyText || 'No data yet');
      empty.className = 'empty';
      node.appendChild(empty);
      node.setAttribute('data-empty', 'true');
      return;
    }
    var xs = labels.map(function (_l, i) { return i; });
    var bars = uPlot.paths.bars({ size: [0.6, 64] });
    var opts = {
      width: width(node),
      height: 240,
      legend: { show: lines.length > 1 },
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: function (_u, _min, max) { return [0, Math.max(1, max * 1.1)]; } } },
      axes: [
        { values: function (_u, splits) { return splits.map(function (i) { return Number.isInteger(i) ? labels[i] || '' : ''; }); }, splits: function () { return xs; }, rotate: labels.length > 8 ? -45 : 0, size: labels.length > 8 ? 90 : 40 },
        { values: function (_u, splits) { return splits.map(function (v) { return options.percent ? v + '%' : String(Math.round(v * 10) / 10); }); } },
      ],
      series: [{}].concat(lines.map(function (line, i) {
        var color = COLORS[i % COLORS.length];
        return line.bars
          ? { label: line.label, stroke: color, fill: color + 'cc', paths: bars, points: { show: false } }
          : { label: line.label, stroke: color, width: 2, spanGaps: false, points: { show: true, size: 6 } };
      })),
    };
    new uPlot(opts, [xs].concat(lines.map(function (line) { return line.values; })), node);
  }

  var days = series.days.map(function (d) { return d.day === 'today' ? 'today' : d.day.slice(5); });
  chart('distribution', series.distribution.map(function (b) { return b.label; }), [{ label: 'leads', values: series.distribution.map(function (b) { return b.count; }), bars: true }], { emptyText: 'No contacted leads in these 14 days' });
  chart('median', days, [{ label: 'median minutes', values: series.days.map(function (d) { return d.medianMinutes === null ? null : Math.round(d.medianMinutes * 10) / 10; }) }]);
  chart('sla-day', days, [{ label: '% within SLA', values: series.days.map(function (d) { return d.slaHitRate === null ? null : Math.round(d.slaHitRate * 100); }) }], { percent: true });
  chart('sla-rep', w.perRep.map(function (r) { return r.name; }), [{ label: '% within SLA', values: w.perRep.map(function (r) { return r.slaHitRate === null ? null : Math.round(r.slaHitRate * 100); }), bars: true }], { percent: true });
  chart('leads-rep', w.perRep.map(function (r) { return r.name; }), [{ label: 'leads', values: w.perRep.map(function (r) { return r.leads; }), bars: true }]);
  chart('leads-team', series.perTeam.map(function (t) { return t.team; }), [{ label: 'leads', values: series.perTeam.map(function (t) { return t.leads; }), bars: true }], { emptyText: 'No leads in these 14 days' });
  chart('reroutes', days, [
    { label: 're-routes', values: series.days.map(function (d) { return d.reroutes; }), bars: true },
    { label: 'escalations', values: series.days.map(function (d) { return d.escalations; }) },
  ]);
  chart('exceptions', series.exceptionAges.map(function (e) { return e.label; }), [{ label: 'hours open', values: series.exceptionAges.map(function (e) { return Math.round(e.hours * 10) / 10; }), bars: true }], { emptyText: 'No open exceptions' });
  window.__reportReady = true;
})();

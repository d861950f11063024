/// The console's style sheet and script, served by the binary itself (`/console.css`,
/// `/console.js`): nothing is downloaded at run time. The script only follows the live
/// updates (Server-Sent Events) and swaps the sections' HTML, which the server rendered and
/// escaped; without it the page still shows everything as of its loading.
enum ConsoleAssets {
    static let css = """
    :root { --ink: #1d2430; --muted: #5f6b7a; --line: #dde3ea; --panel: #ffffff; --back: #f3f5f8; --accent: #1f6feb;
            --critical: #c62828; --warning: #b26a00; --info: #2f6f9f; --good: #2e7d32; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
           color: var(--ink); background: var(--back); }
    header { display: flex; align-items: center; gap: 16px; padding: 10px 20px; background: #17202c; color: #fff; flex-wrap: wrap; }
    header h1 { font-size: 18px; margin: 0; flex: 0 0 auto; }
    header h1 a { color: #fff; text-decoration: none; }
    header .search { display: flex; gap: 6px; margin-left: auto; }
    header input[type=search] { width: 300px; padding: 5px 8px; border-radius: 4px; border: 1px solid #445; }
    header a.lang { color: #cfe3ff; }
    .live { font-size: 12px; padding: 2px 8px; border-radius: 10px; background: #5f6b7a; }
    body[data-live=connected] .live { background: var(--good); }
    body[data-live=offline] .live { background: var(--critical); }
    main { padding: 16px 20px; display: grid; gap: 16px; }
    footer { padding: 8px 20px 20px; color: var(--muted); font-size: 12px; }
    .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; overflow-x: auto; }
    .panel h2 { font-size: 16px; margin: 0 0 8px; }
    .panel h3 { font-size: 14px; margin: 12px 0 6px; }
    .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; background: none; border: 0; padding: 0; }
    .tile { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
    .tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
    .tile .value { font-size: 28px; font-weight: 600; margin: 2px 0; }
    .tile .sub { color: var(--muted); font-size: 12px; }
    .tile.alarm { border-color: var(--critical); }
    .tile.alarm .value { color: var(--critical); }
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 12px; }
    .chart-box { margin: 0; }
    .chart-box figcaption { color: var(--muted); font-size: 12px; text-align: center; }
    svg.chart { width: 100%; height: auto; display: block; }
    svg.chart .grid { stroke: var(--line); stroke-width: 1; }
    svg.chart .axis { fill: var(--muted); font-size: 11px; }
    svg.chart .bar { fill: var(--accent); }
    svg.chart .line { fill: none; stroke: var(--accent); stroke-width: 2; }
    svg.chart .dot { fill: var(--accent); }
    svg.chart .nodata { fill: var(--muted); font-size: 13px; }
    .pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { color: var(--muted); font-weight: 600; font-size: 12px; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .empty, .note { color: var(--muted); }
    .note { font-size: 12px; margin: 0 0 8px; }
    .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; background: #e8edf3; margin-right: 6px; }
    .sev-critical { background: #fde7e7; color: var(--critical); }
    .sev-warning, .sev-high { background: #fff1dc; color: var(--warning); }
    .sev-info, .sev-normal { background: #e3f0fa; color: var(--info); }
    form.inline { display: inline-flex; gap: 4px; margin: 0 6px 4px 0; }
    form.inline input { width: 140px; padding: 3px 6px; border: 1px solid var(--line); border-radius: 4px; }
    button { padding: 3px 10px; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
    .done { color: var(--good); }
    .notice { padding: 8px 20px; background: #e7f5e9; border: 1px solid #b7dfbd; border-radius: 6px; }
    .notice.error { background: #fdecec; border-color: #f2b8b8; }
    dl.facts { display: grid; grid-template-columns: repeat(6, auto); gap: 2px 12px; justify-content: start; }
    dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
    .description p { background: #f7f9fb; border-left: 3px solid var(--line); padding: 6px 10px; white-space: pre-wrap; }
    .field { margin-right: 10px; } .field i { color: var(--muted); font-style: normal; }
    code.type { font-size: 12px; }
    .sla.met { color: var(--good); } .sla.late, .sla.breached { color: var(--critical); font-weight: 600; }
    .sla.open { color: var(--info); } .sla.stopped { color: var(--muted); }
    """

    static let javascript = """
    (function () {
      'use strict';
      var body = document.body;
      var live = document.getElementById('live');
      function setLive(state) {
        body.setAttribute('data-live', state);
        if (live) { live.textContent = live.getAttribute(state === 'connected' ? 'data-text-live' : 'data-text-offline'); }
      }
      if (window.history && window.history.replaceState && window.location.search.indexOf('notice=') >= 0) {
        var url = new URL(window.location.href);
        url.searchParams.delete('notice');
        window.history.replaceState(null, '', url.pathname + url.search + url.hash);
      }
      var stream = body.getAttribute('data-stream');
      if (!window.EventSource || !stream) { return; }
      var source = new EventSource(stream);
      // The server renews each stream now and then and the browser reconnects: only a
      // stream still down after a few seconds counts as offline.
      var offlineTimer = null;
      source.addEventListener('open', function () {
        if (offlineTimer) { clearTimeout(offlineTimer); offlineTimer = null; }
        setLive('connected');
      });
      source.addEventListener('error', function () {
        if (source.readyState === EventSource.CLOSED) { setLive('offline'); return; }
        if (!offlineTimer) { offlineTimer = setTimeout(function () { offlineTimer = null; setLive('offline'); }, 8000); }
      });
      source.addEventListener('update', function (event) {
        var sections;
        try { sections = JSON.parse(event.data); } catch (e) { return; }
        setLive('connected');
        var active = document.activeElement;
        Object.keys(sections).forEach(function (id) {
          var element = document.getElementById(id);
          if (!element) { return; }
          // Keep a form the operator is filling in: that section updates once they leave it.
          if (active && active !== body && element.contains(active) && /^(INPUT|TEXTAREA|BUTTON|SELECT)$/.test(active.tagName)) { return; }
          element.innerHTML = sections[id];
        });
        body.setAttribute('data-updates', String(Number(body.getAttribute('data-updates') || '0') + 1));
      });
    })();
    """
}

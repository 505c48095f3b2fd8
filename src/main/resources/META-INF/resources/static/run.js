/*
 * The run page's charts (uPlot): sends, acks and failures per second, and ack latency, with each
 * fault's window shaded and labelled. Input: the run as /api/runs/{id} gives it, embedded in the
 * page (#run-data); a running run is polled every 2 s and redrawn, and reloaded once it ends.
 * Sets window.gamedayChartsDrawn (ms since navigation start) once both charts are drawn.
 */
(function () {
  'use strict';

  function instantMs(iso) {
    return iso ? Date.parse(iso.replace(/(\.\d{3})\d+/, '$1')) : null;
  }

  function columns(run) {
    const x = [], sent = [], acked = [], failed = [], mean = [], max = [];
    for (const s of run.timeline || []) {
      x.push(s.second);
      sent.push(s.sent);
      acked.push(s.acked);
      failed.push(s.failed);
      mean.push(s.acked ? s.ackLatencyMeanMicros / 1000 : null);
      max.push(s.acked ? s.ackLatencyMaxMicros / 1000 : null);
    }
    return { rates: [x, sent, acked, failed], latency: [x, mean, max] };
  }

  function faultWindows(run) {
    const origin = instantMs(run.probesStartedAt);
    if (origin === null) {
      return [];
    }
    const end = (run.timeline || []).length;
    return (run.steps || []).filter(s => s.injectedAt).map(s => ({
      step: s.step,
      label: 'step ' + s.step + ' · ' + s.fault + ' · ' + (s.targets && s.targets.length ? s.targets.join(', ') : s.target),
      from: (instantMs(s.injectedAt) - origin) / 1000,
      to: s.revertedAt ? (instantMs(s.revertedAt) - origin) / 1000 : end
    }));
  }

  function shade(u, windows, labelled) {
    u.over.querySelectorAll('.fault-window').forEach(e => e.remove());
    const width = u.over.clientWidth;
    windows.forEach((w, i) => {
      const left = Math.max(0, u.valToPos(w.from, 'x'));
      const right = Math.min(width, u.valToPos(w.to, 'x'));
      const div = document.createElement('div');
      div.className = 'fault-window row' + (i % 3);
      div.dataset.step = w.step;
      div.title = w.label + ' (' + w.from.toFixed(1) + ' s to ' + w.to.toFixed(1) + ' s)';
      div.style.left = left + 'px';
      div.style.width = Math.max(2, right - left) + 'px';
      if (labelled) {
        const span = document.createElement('span');
        span.textContent = w.label;
        div.appendChild(span);
      }
      u.over.appendChild(div);
    });
  }

  function start() {
    const source = document.getElementById('run-data');
    if (!source || typeof uPlot === 'undefined') {
      return;
    }
    let run = JSON.parse(source.textContent);
    let windows = faultWindows(run);
    const drawn = new Set();
    const sync = uPlot.sync('run-' + run.id);

    function chart(id, series, height, unit, labelled, data) {
      const target = document.getElementById(id);
      return new uPlot({
        width: Math.max(300, target.clientWidth),
        height: height,
        cursor: { sync: { key: sync.key } },
        scales: { x: { time: false } },
        axes: [{ label: 'seconds since the probes started' }, { label: unit, size: 60 }],
        series: [{ label: 'second' }].concat(series),
        hooks: {
          draw: [u => {
            shade(u, windows, labelled);
            drawn.add(id);
            if (drawn.size === 2 && window.gamedayChartsDrawn === undefined) {
              window.gamedayChartsDrawn = performance.now();
            }
          }]
        }
      }, data, target);
    }

    const data = columns(run);
    const rates = chart('chart-rates', [
      { label: 'sent/s', stroke: '#8c959f', width: 1 },
      { label: 'acked/s', stroke: '#1a7f37', width: 1.5 },
      { label: 'failed/s', stroke: '#cf222e', width: 1.5 }
    ], 260, 'records per second', true, data.rates);
    const latency = chart('chart-latency', [
      { label: 'mean ack latency (ms)', stroke: '#0969da', width: 1.5 },
      { label: 'max ack latency (ms)', stroke: '#bc4c00', width: 1 }
    ], 200, 'ms', false, data.latency);

    window.addEventListener('resize', () => {
      for (const [u, id] of [[rates, 'chart-rates'], [latency, 'chart-latency']]) {
        u.setSize({ width: Math.max(300, document.getElementById(id).clientWidth), height: u.height });
      }
    });

    if (run.status === 'RUNNING' && location.protocol.startsWith('http')) {
      const timer = setInterval(async () => {
        const answer = await fetch('/api/runs/' + encodeURIComponent(run.id),
          { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (!answer.ok) {
          return;
        }
        run = await answer.json();
        if (run.status !== 'RUNNING') {
          clearInterval(timer);
          location.reload();
          return;
        }
        windows = faultWindows(run);
        const next = columns(run);
        rates.setData(next.rates);
        latency.setData(next.latency);
        document.getElementById('phase').textContent = run.phase || '';
        document.getElementById('timeline-seconds').textContent = String((run.timeline || []).length);
      }, 2000);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();

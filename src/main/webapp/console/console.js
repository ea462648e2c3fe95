/*
 * Sentio console: "Try it" calls POST /api/analyze; "Service" polls GET /api/performance and
 * GET /api/model-info. Plain DOM, no libraries. Every figure read from an answer goes through a
 * defensive accessor: a missing or odd field shows "–", never an exception.
 */
(function () {
  'use strict';

  const DASH = '–';
  // Each call costs the server CPU beside the analyses (measured with bench/console-cost.sh: /api/performance
  // about 16 ms, /api/model-info 36 ms, /api/models 28 ms): the live figures every poll, the models and
  // hardware, which rarely change, every 5th poll and right after an admin action.
  const POLL_MS = 3000;
  const INFO_EVERY = 5;            // GET /api/model-info every 5th poll (15 s)
  const MODELS_EVERY = 10;         // GET /api/models every 10th poll (30 s)
  const SVG_NS = 'http://www.w3.org/2000/svg';

  // The admin token lives in this variable only: never in storage, a cookie or the URL.
  let adminToken = null;

  /* ---------- small helpers ---------- */

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return;
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }

  /** obj.a.b.c, or undefined where any step is missing. */
  function pick(obj, ...path) {
    let value = obj;
    for (const key of path) {
      if (value === null || typeof value !== 'object') return undefined;
      value = value[key];
    }
    return value;
  }

  function isNum(v) { return typeof v === 'number' && Number.isFinite(v); }

  function num(v, digits, unit) {
    if (!isNum(v)) return DASH;
    const text = v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    return unit ? text + ' ' + unit : text;
  }

  function ms(v) {
    if (!isNum(v)) return DASH;
    return num(v, v < 100 ? 1 : 0, 'ms');
  }

  function mb(v) {
    if (!isNum(v)) return DASH;
    return v >= 10240 ? num(v / 1024, 1, 'GB') : num(v, 0, 'MB');
  }

  function text(v) {
    if (v === null || v === undefined || v === '') return DASH;
    if (typeof v === 'object') return DASH;
    return String(v);
  }

  function duration(seconds) {
    if (!isNum(seconds) || seconds < 0) return DASH;
    const s = Math.floor(seconds);
    const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    if (d > 0) return d + ' d ' + h + ' h';
    if (h > 0) return h + ' h ' + String(m).padStart(2, '0') + ' min';
    if (m > 0) return m + ' min ' + String(s % 60).padStart(2, '0') + ' s';
    return s + ' s';
  }

  function time(iso) {
    const t = Date.parse(iso);
    return Number.isFinite(t) ? new Date(t).toLocaleTimeString('en-GB') : DASH;
  }

  function set(id, value) {
    const node = $(id);
    if (node && node.textContent !== value) node.textContent = value;
  }

  function labelClass(name) {
    const n = String(name).toLowerCase();
    if (n.startsWith('pos')) return 'positive';
    if (n.startsWith('neg')) return 'negative';
    return '';
  }

  /**
   * One HTTP call. Resolves (never rejects) to {ok, status, data, problem}; problem is
   * {title, detail} for an error answer (problem+json where the server sent one) or a network failure.
   */
  async function call(method, path, body, token) {
    const headers = { 'Accept': 'application/json, application/problem+json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['Authorization'] = 'Bearer ' + token;
    let response;
    try {
      response = await fetch(path, {
        method, headers, cache: 'no-store', credentials: 'omit',
        body: body === undefined ? undefined : JSON.stringify(body)
      });
    } catch (e) {
      return { ok: false, status: 0, data: null,
               problem: { title: 'Server not reachable', detail: String(e && e.message || e) } };
    }
    let data = null;
    const type = response.headers.get('Content-Type') || '';
    try {
      data = type.includes('json') ? await response.json() : await response.text();
    } catch (e) {
      data = null;
    }
    if (response.ok) return { ok: true, status: response.status, data, problem: null };
    const problem = {
      title: typeof pick(data, 'title') === 'string' ? data.title : 'HTTP ' + response.status,
      detail: typeof pick(data, 'detail') === 'string' ? data.detail
            : (response.statusText || 'The server answered ' + response.status + '.')
    };
    return { ok: false, status: response.status, data, problem };
  }

  function showProblem(prefix, problem) {
    const box = $(prefix + '-error');
    if (!problem) {
      box.hidden = true;
      return;
    }
    $(prefix + '-error-title').textContent = problem.title;
    $(prefix + '-error-detail').textContent = problem.detail || '';
    box.hidden = false;
  }

  /* ---------- tabs ---------- */

  const tabs = () => Array.from(document.querySelectorAll('[role="tab"]'));

  function selectTab(tab, focus) {
    for (const t of tabs()) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
    const hash = tab.id === 'tab-service' ? '#service' : '#try';
    if (location.hash !== hash) history.replaceState(null, '', hash);
    if (tab.id === 'tab-service') infoStale = true;
    schedulePoll(0);
  }

  function setUpTabs() {
    for (const tab of tabs()) {
      tab.addEventListener('click', () => selectTab(tab, false));
      tab.addEventListener('keydown', (event) => {
        const all = tabs();
        const i = all.indexOf(tab);
        let next = null;
        if (event.key === 'ArrowRight') next = all[(i + 1) % all.length];
        else if (event.key === 'ArrowLeft') next = all[(i - 1 + all.length) % all.length];
        else if (event.key === 'Home') next = all[0];
        else if (event.key === 'End') next = all[all.length - 1];
        if (next) {
          event.preventDefault();
          selectTab(next, true);
        }
      });
    }
    const fromHash = () => selectTab(location.hash === '#service' ? $('tab-service') : $('tab-try'), false);
    window.addEventListener('hashchange', fromHash);
    fromHash();
  }

  const serviceShown = () => !$('view-service').hidden;

  /* ---------- models (picker and admin list) ---------- */

  let knownModels = [];

  async function refreshModels() {
    const answer = await call('GET', 'api/models');
    if (!answer.ok) return;
    const list = Array.isArray(pick(answer.data, 'models')) ? answer.data.models : [];
    knownModels = list.filter((m) => m && typeof m.name === 'string');
    fillPicker();
    renderAdminModels(null);
  }

  function fillPicker() {
    const select = $('model');
    const chosen = select.value;
    const options = [el('option', { value: '' }, 'Default model')];
    for (const m of knownModels) {
      const notes = [];
      if (m.is_default === true) notes.push('default');
      if (m.loaded === false) notes.push('not loaded');
      options.push(el('option', { value: m.name }, m.name + (notes.length ? ' (' + notes.join(', ') + ')' : '')));
    }
    select.replaceChildren(...options);
    if (knownModels.some((m) => m.name === chosen)) select.value = chosen;
  }

  /** loadedNames: names the last poll saw loaded (fresher than /api/models), or null. */
  function renderAdminModels(loadedNames) {
    const body = $('admin-models-body');
    if (!knownModels.length) {
      body.replaceChildren(el('tr', null, el('td', { colspan: 3, class: 'empty' }, 'No models listed.')));
      return;
    }
    const rows = knownModels.map((m) => {
      const loaded = loadedNames ? loadedNames.includes(m.name) : m.loaded === true;
      const state = (loaded ? 'loaded' : 'not loaded') + (typeof m.error === 'string' ? ' (' + m.error + ')' : '');
      const button = el('button', {
        type: 'button', class: 'small', 'data-model': m.name, 'data-action': loaded ? 'unload' : 'load',
        disabled: adminToken === null, 'aria-label': (loaded ? 'Unload ' : 'Load ') + m.name
      }, loaded ? 'Unload' : 'Load');
      return el('tr', null, el('th', { scope: 'row' }, m.name + (m.is_default === true ? ' (default)' : '')),
        el('td', { class: 'model-state' }, state), el('td', null, button));
    });
    // keep keyboard focus on the same action across a refresh
    const focused = document.activeElement && body.contains(document.activeElement)
      ? document.activeElement.getAttribute('data-model') : null;
    body.replaceChildren(...rows);
    if (focused) {
      const again = body.querySelector('button[data-model="' + CSS.escape(focused) + '"]');
      if (again) again.focus();
    }
  }

  /* ---------- Try it ---------- */

  function setUpTry() {
    const form = $('analyze-form');
    const area = $('text');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      analyze();
    });
    area.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        analyze();
      }
    });
  }

  let analyzing = false;

  async function analyze() {
    if (analyzing) return;
    const raw = $('text').value;
    const multi = $('multi').checked;
    const texts = multi ? raw.split(/\r?\n/).filter((line) => line.trim() !== '') : [raw];
    showProblem('try', null);
    if (!texts.length || texts[0].trim() === '') {
      showProblem('try', { title: 'Nothing to analyze',
                           detail: multi ? 'Type one text per line.' : 'Type a text first.' });
      $('text').focus();
      return;
    }
    const body = multi ? { texts } : { text: texts[0] };
    const model = $('model').value;
    if (model) body.model = model;

    analyzing = true;
    $('analyze').disabled = true;
    $('results').setAttribute('aria-busy', 'true');
    set('try-status', 'Analyzing ' + texts.length + (texts.length === 1 ? ' text…' : ' texts…'));
    const started = performance.now();
    const answer = await call('POST', 'api/analyze', body);
    const roundTrip = performance.now() - started;
    analyzing = false;
    $('analyze').disabled = false;
    $('results').removeAttribute('aria-busy');

    if (!answer.ok) {
      set('try-status', '');
      showProblem('try', answer.problem);
      return;
    }
    const data = answer.data || {};
    const results = Array.isArray(data.results) ? data.results : [data];
    $('results').replaceChildren(
      ...results.map((r, i) => renderResult(r, texts[i], results.length > 1 ? i + 1 : 0)),
      el('p', { class: 'summary', id: 'result-summary' },
        'Model ' + text(data.model) + ' · ' + results.length + (results.length === 1 ? ' text' : ' texts') +
        ' · processing time ' + ms(data.processing_time_ms) + ' · round trip ' + ms(roundTrip)));
    set('try-status', 'Done: ' + results.map((r) => text(pick(r, 'label'))).join(', ') + '.');
  }

  function renderResult(r, input, position) {
    const label = pick(r, 'label');
    const scores = pick(r, 'scores');
    const bars = el('div', { class: 'bars' });
    if (scores && typeof scores === 'object') {
      for (const [name, value] of Object.entries(scores)) {
        const share = isNum(value) ? Math.max(0, Math.min(1, value)) : 0;
        const cls = labelClass(name);
        bars.append(
          el('span', { class: 'cls' }, name),
          svg('svg', { viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
            svg('rect', { class: 'bar-bg', x: 0, y: 0, width: 100, height: 10, rx: 1 }),
            svg('rect', { class: 'bar ' + cls, x: 0, y: 0, width: (share * 100).toFixed(2), height: 10, rx: 1 })),
          el('span', { class: 'pct' }, isNum(value) ? num(value * 100, 1) + ' %' : DASH));
      }
    }
    const meta = el('dl', { class: 'meta' },
      fact('Score', isNum(pick(r, 'score')) ? num(r.score * 100, 1) + ' %' : DASH),
      fact('Tokens', isNum(pick(r, 'tokens')) ? String(r.tokens) : DASH),
      fact('Truncated', typeof pick(r, 'truncated') === 'boolean' ? (r.truncated ? 'yes' : 'no') : DASH),
      pick(r, 'chunks') !== undefined ? fact('Chunks', isNum(r.chunks) ? String(r.chunks)
        : Array.isArray(r.chunks) ? String(r.chunks.length) : text(r.chunks)) : null,
      typeof pick(r, 'cached') === 'boolean' ? fact('From cache', r.cached ? 'yes' : 'no') : null);
    const shown = typeof input === 'string' && input.length > 280 ? input.slice(0, 280) + '…' : input;
    return el('article', { class: 'result', 'aria-label': 'Result' + (position ? ' ' + position : '') },
      el('p', { class: 'result-text' }, (position ? position + '. ' : '') + '“' + (shown || '') + '”'),
      el('span', { class: 'label ' + labelClass(label), 'data-label': text(label) }, text(label)),
      bars, meta);
  }

  function fact(name, value) {
    return el('div', null, el('dt', null, name + ':'), el('dd', null, value));
  }

  /* ---------- Service ---------- */

  let pollTimer = null;
  let polls = 0;
  let polling = false;
  let infoStale = true;            // fetch /api/model-info (and /api/models) at the next poll
  const modelDetails = new Map();  // name -> {loadedAt, info}: /api/model-info?model=NAME, fetched once per load

  function schedulePoll(delay) {
    clearTimeout(pollTimer);
    pollTimer = null;
    if (!serviceShown() || document.hidden) return;
    if (delay > 0 && !$('svc-live').checked) return;
    pollTimer = setTimeout(poll, delay);
  }

  async function poll() {
    if (polling) return;
    polling = true;
    try {
      const withInfo = infoStale || polls % INFO_EVERY === 0;
      const withModels = infoStale || polls % MODELS_EVERY === 0;
      infoStale = false;
      const [perf, info] = await Promise.all([call('GET', 'api/performance'),
                                              withInfo ? call('GET', 'api/model-info') : null]);
      if (perf.ok) renderPerformance(perf.data || {});
      if (info && info.ok) await renderModelInfo(info.data || {});
      if (withModels) await refreshModels();
      polls++;
      const failed = [perf, info].find((a) => a && !a.ok);
      if (info && !info.ok) infoStale = true;
      set('svc-status', failed
        ? 'Update failed at ' + new Date().toLocaleTimeString('en-GB') + ': ' + failed.problem.title +
          (failed.problem.detail ? ' — ' + failed.problem.detail : '')
        : 'Updated ' + new Date().toLocaleTimeString('en-GB') + '.');
    } finally {
      polling = false;
      schedulePoll(POLL_MS);
    }
  }

  function renderPerformance(p) {
    set('f-rpm', isNum(p.requests_per_minute) ? num(p.requests_per_minute, 0) : DASH);
    set('f-total', isNum(p.total_requests) ? num(p.total_requests, 0) : DASH);
    set('f-texts', isNum(p.total_texts) ? num(p.total_texts, 0) : DASH);
    set('f-p50', ms(pick(p, 'latency_percentiles', 'p50')));
    set('f-p95', ms(pick(p, 'latency_percentiles', 'p95')));
    set('f-p99', ms(pick(p, 'latency_percentiles', 'p99')));
    set('f-avg', ms(p.avg_processing_time));
    set('f-errrate', isNum(p.error_rate) ? num(p.error_rate, 1) + ' %' : DASH);
    set('f-uptime', duration(p.uptime_seconds));
    set('f-mem', mb(p.memory_usage_mb));
    const cpu = pick(p, 'system_metrics', 'cpu_percent');
    set('f-cpu', isNum(cpu) ? num(cpu, 0) + ' %' : DASH);
    const threads = pick(p, 'system_metrics', 'threads');
    set('f-threads', isNum(threads) ? num(threads, 0) : DASH);
    const hitRatio = pick(p, 'cache', 'hit_ratio');
    set('f-cache', pick(p, 'cache', 'enabled') === false ? 'off'
      : isNum(hitRatio) ? num(hitRatio * 100, 1) + ' % hits' : DASH);
    countTable('errors-body', p.errors_by_type, 'No errors.');
    countTable('statuses-body', p.requests_by_status, 'No requests.');
    renderMemory(pick(p, 'memory'));
  }

  function countTable(id, counts, none) {
    const entries = counts && typeof counts === 'object' ? Object.entries(counts) : [];
    entries.sort((a, b) => (isNum(b[1]) ? b[1] : 0) - (isNum(a[1]) ? a[1] : 0));
    $(id).replaceChildren(...(entries.length
      ? entries.map(([k, v]) => el('tr', null, el('th', { scope: 'row' }, k), el('td', { class: 'num' }, isNum(v) ? num(v, 0) : DASH)))
      : [el('tr', null, el('td', { colspan: 2, class: 'empty' }, none))]));
  }

  const SERIES = [
    { key: 'rss_mb', cls: 'rss', name: 'Resident (RSS)' },
    { key: 'heap_used_mb', cls: 'heap', name: 'Heap used' },
    { key: 'non_heap_used_mb', cls: 'nonheap', name: 'Non-heap used' },
    { key: 'heap_max_mb', cls: 'heapmax', name: 'Heap limit' }
  ];

  function renderMemory(memory) {
    const box = $('memory-chart');
    const history = Array.isArray(pick(memory, 'history')) ? memory.history : [];
    const points = history
      .map((s) => ({ s, t: Date.parse(pick(s, 'at')) }))
      .filter((p) => Number.isFinite(p.t))
      .sort((a, b) => a.t - b.t);
    if (points.length < 2) {
      box.replaceChildren(el('p', { class: 'hint' }, 'Not enough memory samples yet.'));
      set('memory-caption', DASH);
      return;
    }
    // drawn at the box's own width, so the labels keep their size on a phone
    const W = Math.max(300, Math.min(1200, Math.round(box.clientWidth) || 640));
    const H = W < 500 ? 200 : 240, left = 52, right = 12, top = 22, bottom = 26;
    const t0 = points[0].t, t1 = points[points.length - 1].t;
    let max = 0;
    for (const p of points) for (const s of SERIES) if (isNum(p.s[s.key])) max = Math.max(max, p.s[s.key]);
    const step = niceStep(max / 5);
    const yMax = Math.max(step, Math.ceil(max / step) * step);
    const x = (t) => left + (t1 === t0 ? 0 : (t - t0) / (t1 - t0)) * (W - left - right);
    const y = (v) => top + (1 - v / yMax) * (H - top - bottom);

    const chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': 'memory-h memory-caption',
                               id: 'memory-svg', 'data-samples': points.length });
    for (let v = 0; v <= yMax + 1e-9; v += step) {
      chart.append(svg('line', { class: v === 0 ? 'axis' : 'grid', x1: left, x2: W - right, y1: y(v), y2: y(v) }),
        svg('text', { class: 'tick', x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, num(v, 0)));
    }
    chart.append(svg('text', { class: 'tick', x: left, y: H - 6 }, new Date(t0).toLocaleTimeString('en-GB')),
      svg('text', { class: 'tick', x: W - right, y: H - 6, 'text-anchor': 'end' }, new Date(t1).toLocaleTimeString('en-GB')),
      svg('text', { class: 'tick', x: left - 6, y: 12, 'text-anchor': 'end' }, 'MB'));
    const legend = el('ul', { class: 'legend' });
    for (const s of SERIES) {
      let d = '';
      for (const p of points) {
        const v = p.s[s.key];
        if (!isNum(v)) continue;
        d += (d ? 'L' : 'M') + x(p.t).toFixed(1) + ' ' + y(v).toFixed(1);
      }
      if (!d) continue;
      chart.append(svg('path', { class: 'line ' + s.cls, d, 'data-series': s.key }));
      legend.append(el('li', { class: s.cls }, s.name));
    }
    box.replaceChildren(chart, legend);

    const now = pick(memory, 'current') || points[points.length - 1].s;
    const seconds = pick(memory, 'sample_seconds');
    set('memory-caption', 'Now: resident ' + mb(pick(now, 'rss_mb')) + ', heap ' + mb(pick(now, 'heap_used_mb')) +
      ' of ' + mb(pick(now, 'heap_max_mb')) + ', non-heap ' + mb(pick(now, 'non_heap_used_mb')) +
      '. Peak resident ' + mb(pick(memory, 'peak', 'rss_mb')) + '. ' + points.length + ' samples' +
      (isNum(seconds) ? ' every ' + seconds + ' s' : '') + ' over ' + duration((t1 - t0) / 1000) + '.');
  }

  function niceStep(raw) {
    if (!(raw > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
    return 10 * p;
  }

  async function renderModelInfo(info) {
    const deviceInfo = pick(info, 'device_info') || {};
    const hw = pick(deviceInfo, 'hardware') || {};
    const device = text(deviceInfo.recommended_device) +
      (typeof deviceInfo.execution_provider === 'string' ? ' (' + deviceInfo.execution_provider + ')' : '');
    set('h-device', device + (typeof deviceInfo.reason === 'string' ? ' — ' + deviceInfo.reason : ''));
    set('h-cpu', text(hw.cpu_model));
    set('h-cores', isNum(hw.physical_cores) || isNum(hw.logical_cores)
      ? num(hw.physical_cores, 0) + ' physical, ' + num(hw.logical_cores, 0) + ' logical' : DASH);
    set('h-memory', isNum(hw.total_memory_mb)
      ? mb(hw.total_memory_mb) + ' total, ' + mb(hw.available_memory_mb) + ' available' : DASH);
    set('h-gpus', Array.isArray(hw.gpus)
      ? (hw.gpus.length ? hw.gpus.map(describeGpu).join('; ') : 'none') : DASH);
    const providers = Array.isArray(hw.onnxruntime_providers) ? hw.onnxruntime_providers.join(', ') : null;
    set('h-ort', typeof hw.onnxruntime_version === 'string'
      ? hw.onnxruntime_version + (providers ? ' (' + providers + ')' : '') : DASH);
    set('h-os', text(hw.os));

    // the loaded models: the cache's list, each with its own settings from /api/model-info?model=NAME
    const cached = Array.isArray(pick(info, 'model_cache', 'loaded')) ? info.model_cache.loaded : null;
    const loaded = cached
      ? cached.filter((m) => m && typeof m.name === 'string')
      : knownModels.filter((m) => m.loaded === true);
    const names = loaded.map((m) => m.name);
    for (const name of Array.from(modelDetails.keys())) if (!names.includes(name)) modelDetails.delete(name);
    for (const m of loaded) {
      const loadedAt = pick(m, 'loaded_at') || null;
      if (m.name === info.name) {
        modelDetails.set(m.name, { loadedAt, info });
      } else if (!modelDetails.has(m.name) || modelDetails.get(m.name).loadedAt !== loadedAt) {
        const answer = await call('GET', 'api/model-info?model=' + encodeURIComponent(m.name));
        modelDetails.set(m.name, { loadedAt, info: answer.ok ? answer.data : null });
      }
    }
    const rows = loaded.map((m) => {
      const detail = pick(modelDetails.get(m.name), 'info') || {};
      const opt = pick(detail, 'optimization_settings') || pick(info, 'optimization_settings') || {};
      const dev = pick(detail, 'device_info') || deviceInfo;
      const batching = typeof opt.batching === 'boolean'
        ? (opt.batching ? 'on' + (isNum(opt.batch_max_wait_ms) ? ', waits ≤ ' + opt.batch_max_wait_ms + ' ms' : '') : 'off') : DASH;
      const loadMs = isNum(m.load_millis) ? m.load_millis : m.load_time_ms;
      return el('tr', { 'data-model': m.name },
        el('th', { scope: 'row' }, m.name + (m.name === info.name && info.default === true ? ' (default)' : '')),
        el('td', { class: 'device' }, text(dev.recommended_device)),
        el('td', { class: 'precision' }, text(opt.precision !== undefined ? opt.precision : detail.precision)),
        el('td', { class: 'num' }, isNum(opt.batch_size) ? String(opt.batch_size) : DASH),
        el('td', { class: 'num' }, isNum(opt.max_length) ? String(opt.max_length) : DASH),
        el('td', { class: 'num' }, isNum(opt.parallel_runs) ? String(opt.parallel_runs) : DASH),
        el('td', null, batching),
        el('td', null, (m.loaded_at ? time(m.loaded_at) : DASH) + (isNum(loadMs) ? ' (' + num(loadMs / 1000, 1) + ' s)' : '')));
    });
    $('models-body').replaceChildren(...(rows.length ? rows
      : [el('tr', null, el('td', { colspan: 8, class: 'empty' }, 'No model loaded.'))]));
    if (cached) renderAdminModels(names);
  }

  function describeGpu(gpu) {
    if (typeof gpu === 'string') return gpu;
    if (!gpu || typeof gpu !== 'object') return DASH;
    const name = gpu.name || gpu.model || gpu.device || 'GPU';
    const memory = isNum(gpu.memory_mb) ? ', ' + mb(gpu.memory_mb) : isNum(gpu.vram_mb) ? ', ' + mb(gpu.vram_mb) : '';
    return String(name) + memory;
  }

  /* ---------- admin ---------- */

  function setToken(token) {
    adminToken = token;
    const on = token !== null;
    $('token-forget').disabled = !on;
    $('reset').disabled = !on;
    for (const b of document.querySelectorAll('#admin-models-body button')) b.disabled = !on;
    set('token-state', on ? 'Token entered (held in this page only): admin actions are on.'
                          : 'No token entered: admin actions are off.');
  }

  async function adminCall(path, doneMessage) {
    if (adminToken === null) return;
    showProblem('admin', null);
    set('admin-status', 'Working…');
    const answer = await call('POST', path, undefined, adminToken);
    if (answer.ok) {
      set('admin-status', doneMessage);
    } else {
      set('admin-status', '');
      showProblem('admin', answer.problem);
    }
    await refreshModels();
    infoStale = true;
    if (serviceShown()) schedulePoll(0);
  }

  function setUpAdmin() {
    $('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = $('token');
      const token = input.value.trim();
      input.value = '';
      if (!token) {
        showProblem('admin', { title: 'No token', detail: 'Type the admin token first.' });
        input.focus();
        return;
      }
      showProblem('admin', null);
      setToken(token);
    });
    $('token-forget').addEventListener('click', () => {
      setToken(null);
      set('admin-status', 'Token forgotten.');
      $('token').focus();
    });
    $('reset').addEventListener('click', () => adminCall('api/performance/reset', 'Statistics reset.'));
    $('admin-models-body').addEventListener('click', (event) => {
      const button = event.target.closest('button[data-model]');
      if (!button || button.disabled) return;
      const name = button.getAttribute('data-model');
      const action = button.getAttribute('data-action');
      adminCall('api/models/' + encodeURIComponent(name) + '/' + action,
        (action === 'load' ? 'Loaded ' : 'Unloaded ') + name + '.');
    });
  }

  /* ---------- start ---------- */

  document.addEventListener('DOMContentLoaded', () => {
    setUpTabs();
    setUpTry();
    setUpAdmin();
    $('svc-live').addEventListener('change', () => schedulePoll(0));
    document.addEventListener('visibilitychange', () => schedulePoll(0));
    refreshModels();
  });
})();

import { CONTROL_PREFIX } from './control-api.ts'

/**
 * The dashboard at `/__tokenproof/ui`: one self-contained HTML page (no external assets, no build
 * step) whose script reads and drives the mock through the control API only, as any other client
 * does: same origin, JSON writes, and the control token from the page's own `?token=` when the
 * server has one. Lists poll every two seconds; the exchanges poll with `sinceId`.
 */
export function renderDashboard(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,">
<title>Tokenproof dashboard</title><style>${STYLE}</style></head>
<body>
<header><h1>Tokenproof dashboard</h1><p class="muted">The local mock providers, through the control API (<code>${CONTROL_PREFIX}</code>). Test data only.</p>
<div class="bar" role="group" aria-label="Filters and refresh">
<label for="f-provider">Provider</label><select id="f-provider"><option value="">all</option></select>
<label for="f-merchant">Merchant</label><select id="f-merchant"><option value="">all</option></select>
<span class="check"><input type="checkbox" id="live" checked><label for="live">Live (every 2 s)</label></span>
<button type="button" id="refresh">Refresh now</button>
<span id="clock" class="muted" aria-live="off"></span>
</div>
<p id="notice" role="status" class="muted"></p>
<p id="problem" role="alert" class="error"></p>
</header>
<nav aria-label="Sections"><ul><li><a href="#payments">Payments</a></li><li><a href="#tokens">Tokens</a></li><li><a href="#notifications">Notifications</a></li><li><a href="#exchanges">Exchanges</a></li><li><a href="#actions">Actions</a></li></ul></nav>
<main>
<section id="payments" aria-labelledby="h-payments"><h2 id="h-payments">Payments</h2><div id="payments-list"></div><div id="sequence"></div></section>
<section id="tokens" aria-labelledby="h-tokens"><h2 id="h-tokens">Tokens</h2><div id="tokens-list"></div></section>
<section id="notifications" aria-labelledby="h-notifications"><h2 id="h-notifications">Notifications</h2><div id="notifications-list"></div></section>
<section id="exchanges" aria-labelledby="h-exchanges"><h2 id="h-exchanges">Recorded exchanges (masked)</h2><div id="exchanges-list"></div></section>
<section id="actions" aria-labelledby="h-actions"><h2 id="h-actions">Actions</h2>
<div class="grid">
<form id="buyer-form" aria-labelledby="h-buyer"><h3 id="h-buyer">Take a buyer step</h3>
<label for="buyer-provider">Provider</label><select id="buyer-provider" name="provider"></select>
<label for="buyer-action">Action</label><select id="buyer-action" name="action"></select>
<label for="buyer-body">Input (JSON)</label><textarea id="buyer-body" name="body" rows="5" aria-describedby="buyer-hint">{}</textarea>
<p id="buyer-hint" class="muted">As <code>POST ${CONTROL_PREFIX}/providers/&lt;provider&gt;/buyer/&lt;action&gt;</code> takes it (docs/control-api.md).</p>
<button type="submit">Take the step</button></form>

<form id="clock-form" aria-labelledby="h-clock"><h3 id="h-clock">Advance the clock</h3>
<label for="clock-ms">Milliseconds</label><input id="clock-ms" name="ms" inputmode="numeric" pattern="[0-9]+" value="600000" required>
<p class="muted">10 min = 600000; 25 h = 90000000 (a whole retry schedule).</p>
<button type="submit">Advance</button></form>

<form id="scenario-form" aria-labelledby="h-scenario"><h3 id="h-scenario">Inject a scenario (next N calls)</h3>
<label for="sc-provider">Provider</label><select id="sc-provider" name="provider"><option value="">any</option></select>
<label for="sc-operation">Operation (empty: any)</label><input id="sc-operation" name="operation" placeholder="pay">
<label for="sc-card">Card, full or last 4 (empty: any)</label><input id="sc-card" name="card" inputmode="numeric" autocomplete="off">
<label for="sc-times">Times</label><input id="sc-times" name="times" inputmode="numeric" pattern="[0-9]+" value="1" required>
<label for="sc-type">Effect</label><select id="sc-type" name="type"><option value="resultCode">result code</option><option value="httpStatus">HTTP error</option><option value="delay">delay (real ms)</option><option value="noAnswer">no answer</option></select>
<label for="sc-value">Code, HTTP status or ms</label><input id="sc-value" name="value" value="DO_NOT_HONOR">
<span class="check"><input type="checkbox" id="sc-after" name="afterProcessing"><label for="sc-after">Process first, then lose the answer</label></span>
<button type="submit">Add the rule</button>
<h4>Rules</h4><div id="rules-list"></div></form>

<form id="chaos-form" aria-labelledby="h-chaos"><h3 id="h-chaos">Notification chaos (next notifications)</h3>
<label for="ch-provider">Provider</label><select id="ch-provider" name="provider"><option value="">any</option></select>
<label for="ch-kind">Kind (empty: any)</label><input id="ch-kind" name="kind" placeholder="notifyPayment">
<label for="ch-times">Times</label><input id="ch-times" name="times" inputmode="numeric" pattern="[0-9]+" value="1" required>
<label for="ch-mode">What happens</label><select id="ch-mode" name="mode"><option value="duplicate">duplicate it</option><option value="forgedSignature">forge its signature</option><option value="unsigned">send it unsigned</option><option value="late">delay it</option><option value="outOfOrder">send it out of order</option><option value="impostor:otherMerchant">impostor: another merchant</option><option value="impostor:otherAmount">impostor: another amount</option></select>
<label for="ch-delay">Delay for "delay it" (engine ms)</label><input id="ch-delay" name="delayMs" inputmode="numeric" pattern="[0-9]*" value="600000">
<button type="submit">Add the chaos rule</button>
<p class="muted">To deliver one now, use "Send again" in the notifications list.</p></form>

<form id="reset-form" aria-labelledby="h-reset"><h3 id="h-reset">Reset</h3><p>Forgets payments, tokens, rules, notifications and recordings; keeps merchants and the clock.</p>
<button type="submit" class="danger">Reset the mock</button></form>
</div>
<h3 id="h-answer">Last answer</h3><pre id="answer" aria-labelledby="h-answer" tabindex="0"></pre>
</section>
</main>
<script type="module">
const PREFIX = ${JSON.stringify(CONTROL_PREFIX)};
${SCRIPT}
</script></body></html>
`
}

const STYLE = `*{box-sizing:border-box}body{font:15px/1.4 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff}
header,main,nav{padding:0 1rem}h1{margin:.6rem 0 .2rem;font-size:1.5rem}h2{border-bottom:2px solid #0b4f9c;padding-bottom:.2rem;margin-top:1.6rem}
nav ul{display:flex;gap:1rem;list-style:none;padding:0;margin:.4rem 0}a{color:#0b4f9c}
.bar{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}.check{display:inline-flex;gap:.35rem;align-items:center}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top}th{background:#eef2f7}
tbody tr:nth-child(even){background:#f7f7f7}code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f4f4f4;padding:.5rem;white-space:pre-wrap;overflow-wrap:anywhere;max-height:22rem;overflow:auto}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}.grid form{border:1px solid #bbb;padding:.6rem .8rem;border-radius:4px}
label{display:block;margin:.5rem 0 .15rem}.check label,.bar label{margin:0}input,select,textarea{font:inherit;padding:.25rem .4rem;border:1px solid #555;border-radius:3px;max-width:100%}textarea{width:100%}
button{font:inherit;margin-top:.7rem;padding:.35rem .9rem;border:2px solid #0b4f9c;background:#0b4f9c;color:#fff;border-radius:4px;cursor:pointer}
td button,.small{margin:0;padding:.1rem .5rem;font-size:13px}.danger{background:#a4000f;border-color:#a4000f}
:focus-visible{outline:3px solid #c2410c;outline-offset:2px}.muted{color:#444}.error{color:#a4000f;font-weight:600}
.status-succeeded,.status-delivered{color:#0a6b2a;font-weight:600}.status-failed{color:#a4000f;font-weight:600}
svg text{font:12px system-ui,sans-serif}`

// Browser code, plain ES2020 in a module script: no build step, no dependency.
const SCRIPT = String.raw`
const token = new URLSearchParams(location.search).get('token');
const $ = (id) => document.getElementById(id);
const answer = $('answer');
const filters = { provider: $('f-provider'), merchant: $('f-merchant') };
let index = { providers: [] };
let state = { payments: [], tokens: [], sessions: [], vaultings: [] };
let notifications = [];
let exchanges = [];
let lastExchangeId = 0;
let selectedPayment = null;
const openDetails = new Set();

async function call(method, path, body) {
  const headers = {};
  if (token) headers['x-tokenproof-token'] = token;
  if (method !== 'GET' && method !== 'DELETE') headers['content-type'] = 'application/json';
  const response = await fetch(PREFIX + path, { method, headers, body: body === undefined ? (method === 'POST' ? '{}' : undefined) : JSON.stringify(body) });
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
  if (!response.ok) throw new Error(response.status + ' ' + (parsed && parsed.error ? parsed.error : text));
  return parsed;
}

// h('td', { class: 'x' }, 'text', child): DOM built with textContent, never HTML from the data.
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value); else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== undefined && child !== null) el.append(child instanceof Node ? child : String(child));
  return el;
}

function table(caption, columns, rows, empty) {
  if (rows.length === 0) return h('p', { class: 'muted' }, empty);
  return h('table', {}, h('caption', { class: 'muted' }, caption),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c))))));
}

function details(key, summary, value) {
  const el = h('details', { open: openDetails.has(key) }, h('summary', {}, summary), h('pre', {}, JSON.stringify(value, null, 2)));
  el.addEventListener('toggle', () => { if (el.open) openDetails.add(key); else openDetails.delete(key); });
  return el;
}

const when = (ms) => (typeof ms === 'number' ? new Date(ms).toISOString().replace('T', ' ').replace('Z', '') : '');
const money = (a) => (a ? a.currency + ' ' + a.value : '');
const statusCell = (s) => h('span', { class: 'status-' + s }, s);
const show = (value) => { answer.textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 2); };
const problem = (error) => { $('problem').textContent = error ? String(error.message || error) : ''; };

function passes(record) {
  const p = filters.provider.value;
  const m = filters.merchant.value;
  if (p && record.provider !== p) return false;
  if (m && record.merchantId !== undefined && record.merchantId !== m) return false;
  return true;
}
const paymentsById = () => new Map(state.payments.map((p) => [p.id, p]));
function merchantOfSubject(subject) {
  const payment = paymentsById().get(subject);
  if (payment) return payment.merchantId;
  const vaulting = (state.vaultings || []).find((v) => v.id === subject);
  return vaulting ? vaulting.merchantId : undefined;
}

function keepFocus(render) {
  const key = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : undefined;
  render();
  if (key) { const again = document.querySelector('[data-key="' + CSS.escape(key) + '"]'); if (again) again.focus(); }
}

function renderPayments() {
  const rows = state.payments.filter(passes).slice().reverse().map((p) => [
    h('button', { type: 'button', class: 'small', 'data-key': 'seq-' + p.id, 'aria-label': 'Show the exchanges of payment ' + p.id, onclick: () => { selectedPayment = p.id; renderSequence(); $('sequence').focus(); } }, p.id),
    p.provider, p.merchantId, statusCell(p.status), p.resultCode, money(p.amount), p.card ? p.card.masked : '', p.tokenize + (p.consent === undefined ? '' : ' (consent ' + p.consent + ')'), p.tokenId || '', p.usedTokenId || '', when(p.updatedAt),
  ]);
  $('payments-list').replaceChildren(table('Payments, newest first', ['Payment', 'Provider', 'Merchant', 'Status', 'Result', 'Amount', 'Card', 'Save asked', 'Token saved', 'Token used', 'Updated'], rows, 'No payments yet.'));
}

function renderTokens() {
  const rows = state.tokens.filter(passes).slice().reverse().map((t) => [
    h('code', {}, t.id), t.provider, t.merchantId, t.buyerRef || '', t.card ? t.card.masked : '', statusCell(t.status), String(t.uses),
    t.status === 'active' ? h('button', { type: 'button', class: 'small', 'data-key': 'del-' + t.id, 'aria-label': 'Delete token ' + t.id, onclick: () => act(() => call('DELETE', '/tokens/' + encodeURIComponent(t.id)), 'Token deleted') }, 'Delete') : '',
  ]);
  $('tokens-list').replaceChildren(table('Saved tokens', ['Token', 'Provider', 'Merchant', 'Buyer', 'Card', 'Status', 'Uses', 'Action'], rows, 'No tokens yet.'));
}

function answerOf(n, attempt) {
  const exchange = exchanges.find((e) => e.direction === 'outbound' && e.tags && e.tags.notification === n.id && e.tags.attempt === attempt.number);
  return exchange && exchange.response ? ('status' in exchange.response ? exchange.response.body : { error: exchange.response.error }) : undefined;
}

function renderNotifications() {
  const list = notifications.filter((n) => {
    if (filters.provider.value && n.provider !== filters.provider.value) return false;
    const merchant = merchantOfSubject(n.subject);
    return !filters.merchant.value || merchant === undefined || merchant === filters.merchant.value;
  }).slice().reverse();
  const rows = list.map((n) => [
    h('code', {}, n.id), n.provider, n.kind, n.subject || '', statusCell(n.status), n.url || '(no URL)',
    h('ol', {}, (n.attempts || []).map((a) => h('li', {}, when(a.at) + ' → ' + (a.status !== undefined ? 'HTTP ' + a.status : (a.error || 'no answer')) + (a.acknowledged ? ', acknowledged' : ', not acknowledged') + ['forged', 'duplicate', 'manual', 'unsigned', 'impostor'].filter((f) => a[f]).map((f) => ', ' + f).join(''),
      answerOf(n, a) !== undefined ? details('ans-' + n.id + '-' + a.number, 'merchant answer', answerOf(n, a)) : ''))),
    h('div', {}, details('body-' + n.id, 'body', n.body),
      h('button', { type: 'button', class: 'small', 'data-key': 'redeliver-' + n.id, 'aria-label': 'Send again: notification ' + n.id, onclick: () => act(() => call('POST', '/notifications/' + encodeURIComponent(n.id) + '/redeliver'), 'Sent again') }, 'Send again')),
  ]);
  $('notifications-list').replaceChildren(table('Notifications, newest first, with every delivery attempt', ['Id', 'Provider', 'Kind', 'About', 'Status', 'URL', 'Attempts and the merchant\'s answers', 'Body and actions'], rows, 'No notifications yet.'));
}

function renderExchanges() {
  const list = exchanges.filter((e) => !filters.provider.value || e.provider === filters.provider.value).slice(-200).reverse();
  const rows = list.map((e) => [
    String(e.id), e.direction, e.provider || '', e.operation || '', e.request ? e.request.method + ' ' + new URL(e.request.url, location.href).pathname : '',
    e.response && 'status' in e.response ? String(e.response.status) : (e.response ? e.response.error : ''), when(e.startedAt),
    details('ex-' + e.id, 'request and answer', { request: e.request, response: e.response, tags: e.tags }),
  ]);
  $('exchanges-list').replaceChildren(table('The latest 200 exchanges, newest first', ['#', 'Direction', 'Provider', 'Operation', 'Request', 'Status', 'At', 'Details'], rows, 'Nothing recorded yet.'));
}

function renderRules(rules) {
  const rows = rules.map((r) => [String(r.id), r.provider || 'any', r.operation || 'any', r.card || 'any', JSON.stringify(r.effect), (r.used || 0) + ' / ' + (r.times === undefined ? '∞' : r.times),
    h('button', { type: 'button', class: 'small', 'data-key': 'rule-' + r.id, 'aria-label': 'Remove rule ' + r.id, onclick: () => act(() => call('DELETE', '/scenarios/' + r.id), 'Rule removed') }, 'Remove')]);
  $('rules-list').replaceChildren(table('Scenario rules', ['#', 'Provider', 'Operation', 'Card', 'Effect', 'Used', 'Action'], rows, 'No rules.'));
}

// The sequence picture of one payment: merchant, provider and buyer lifelines, one arrow per exchange.
function exchangesOf(payment) {
  const ids = [payment.id, payment.requestId, payment.sessionId].filter(Boolean);
  return exchanges.filter((e) => {
    const text = JSON.stringify([e.request && e.request.url, e.request && e.request.body, e.response && e.response.body]);
    return ids.some((id) => text.includes(id));
  });
}
function renderSequence() {
  const payment = paymentsById().get(selectedPayment);
  const box = $('sequence');
  box.setAttribute('tabindex', '-1');
  if (!payment) { box.replaceChildren(); return; }
  const steps = exchangesOf(payment).map((e) => ({
    from: e.direction === 'outbound' ? 1 : 0, to: e.direction === 'outbound' ? 0 : 1,
    label: (e.operation || (e.request ? e.request.method : '')) + ' → ' + (e.response && 'status' in e.response ? e.response.status : 'no answer') + (e.tags && e.tags.attempt ? ' (attempt ' + e.tags.attempt + ')' : ''),
  }));
  const ns = 'http://www.w3.org/2000/svg';
  const s = (tag, attrs, text) => { const el = document.createElementNS(ns, tag); for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v)); if (text !== undefined) el.textContent = text; return el; };
  const xs = [120, 460];
  const height = 60 + steps.length * 34 + 20;
  const svg = s('svg', { width: 580, height, viewBox: '0 0 580 ' + height, role: 'img', 'aria-labelledby': 'seq-title' });
  svg.append(s('title', { id: 'seq-title' }, 'Sequence of payment ' + payment.id + ': ' + steps.map((st) => (st.from === 0 ? 'merchant to provider ' : 'provider to merchant ') + st.label).join('; ')));
  const defs = s('defs', {});
  const marker = s('marker', { id: 'arrow', markerWidth: 8, markerHeight: 8, refX: 8, refY: 4, orient: 'auto' });
  marker.append(s('path', { d: 'M0,0 L8,4 L0,8 z', fill: '#1a1a1a' }));
  defs.append(marker);
  svg.append(defs);
  ['Merchant', payment.provider].forEach((name, i) => {
    svg.append(s('rect', { x: xs[i] - 60, y: 10, width: 120, height: 26, fill: '#eef2f7', stroke: '#0b4f9c' }), s('text', { x: xs[i], y: 28, 'text-anchor': 'middle' }, name));
    svg.append(s('line', { x1: xs[i], y1: 36, x2: xs[i], y2: height - 10, stroke: '#777', 'stroke-dasharray': '4 3' }));
  });
  steps.forEach((st, i) => {
    const y = 60 + i * 34;
    svg.append(s('text', { x: (xs[0] + xs[1]) / 2, y: y - 6, 'text-anchor': 'middle' }, st.label));
    svg.append(s('line', { x1: xs[st.from], y1: y, x2: xs[st.to], y2: y, stroke: st.from === 0 ? '#0b4f9c' : '#c2410c', 'stroke-width': 1.5, 'marker-end': 'url(#arrow)' }));
  });
  box.replaceChildren(h('h3', {}, 'Exchanges of payment ' + payment.id), steps.length ? svg : h('p', { class: 'muted' }, 'No recorded exchange names this payment.'));
}

function fillSelect(select, values, keepFirst) {
  const current = select.value;
  const first = keepFirst ? [select.options[0]] : [];
  select.replaceChildren(...first, ...values.map((v) => h('option', { value: v }, v)));
  if ([...select.options].some((o) => o.value === current)) select.value = current;
}

function renderAll() {
  keepFocus(() => { renderPayments(); renderTokens(); renderNotifications(); renderExchanges(); renderSequence(); });
}

async function refresh() {
  try {
    const [s, n, x, r] = await Promise.all([call('GET', '/state'), call('GET', '/notifications'), call('GET', '/exchanges?sinceId=' + lastExchangeId), call('GET', '/scenarios')]);
    state = Object.assign({ payments: [], tokens: [], sessions: [], vaultings: [] }, s);
    notifications = n.notifications || [];
    const fresh = x.exchanges || [];
    // A reset empties the recorder: ids start again, so the incremental list starts again too.
    if (fresh.length > 0 && fresh[0].id <= lastExchangeId) exchanges = [];
    exchanges = exchanges.concat(fresh).slice(-2000);
    if (exchanges.length) lastExchangeId = exchanges[exchanges.length - 1].id;
    $('clock').textContent = 'Engine clock: ' + (state.clock ? state.clock.iso : '') + (state.clock ? ' · ' + state.clock.pendingTasks + ' scheduled' : '');
    const merchants = [...new Set([...state.payments, ...state.tokens].map((p) => p.merchantId).filter(Boolean))].sort();
    fillSelect(filters.merchant, merchants, true);
    keepFocus(() => renderRules(r.rules || []));
    renderAll();
    document.body.dataset.loaded = 'true';
    // An action's error stays up until the next action; a refresh's own error goes once it works again.
    if (!actionFailed) problem(null);
  } catch (error) { problem(error); }
}

let actionFailed = false;
async function act(run, done) {
  try {
    const result = await run();
    show(result === null ? done : result);
    $('notice').textContent = done;
    actionFailed = false;
    problem(null);
  } catch (error) { actionFailed = true; $('notice').textContent = ''; problem(error); show(String(error.message || error)); }
  if (done === 'Reset') { exchanges = []; lastExchangeId = 0; selectedPayment = null; }
  await refresh();
}

function buyerTemplate() {
  const action = $('buyer-action').value;
  const provider = $('buyer-provider').value;
  const p = index.providers.find((x) => x.id === provider);
  const example = p && p.buyerExamples ? p.buyerExamples[action] : undefined;
  $('buyer-body').value = JSON.stringify(example || {}, null, 2);
}

$('buyer-provider').addEventListener('change', () => {
  const p = index.providers.find((x) => x.id === $('buyer-provider').value);
  fillSelect($('buyer-action'), p ? p.buyerActions : [], false);
  buyerTemplate();
});
$('buyer-action').addEventListener('change', buyerTemplate);
$('buyer-form').addEventListener('submit', (event) => {
  event.preventDefault();
  let body;
  try { body = JSON.parse($('buyer-body').value || '{}'); } catch { problem('The input is not JSON.'); $('buyer-body').focus(); return; }
  act(() => call('POST', '/providers/' + encodeURIComponent($('buyer-provider').value) + '/buyer/' + encodeURIComponent($('buyer-action').value), body), 'Buyer step taken');
});
$('clock-form').addEventListener('submit', (event) => {
  event.preventDefault();
  act(() => call('POST', '/clock/advance', { ms: Number($('clock-ms').value) }), 'Clock advanced');
});
$('scenario-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const f = event.target;
  const type = f.type.value;
  const value = f.value.value.trim();
  const effect = type === 'resultCode' ? { type, code: value } : type === 'httpStatus' ? { type, status: Number(value) } : type === 'delay' ? { type, ms: Number(value) } : { type };
  const rule = { times: Number(f.times.value), effect, afterProcessing: f.afterProcessing.checked };
  if (f.provider.value) rule.provider = f.provider.value;
  if (f.operation.value.trim()) rule.operation = f.operation.value.trim();
  if (f.card.value.trim()) rule.card = f.card.value.trim();
  act(() => call('POST', '/scenarios', rule), 'Scenario rule added');
});
$('chaos-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const f = event.target;
  const [mode, as] = f.mode.value.split(':');
  const chaos = mode === 'late' ? { mode, delayMs: Number(f.delayMs.value) } : as ? { mode, as } : { mode };
  const rule = { times: Number(f.times.value), chaos };
  if (f.provider.value) rule.provider = f.provider.value;
  if (f.kind.value.trim()) rule.kind = f.kind.value.trim();
  act(() => call('POST', '/notifications/chaos', rule), 'Chaos rule added');
});
$('reset-form').addEventListener('submit', (event) => {
  event.preventDefault();
  if (!confirm('Reset the mock? Payments, tokens, rules and recordings are forgotten.')) return;
  act(() => call('POST', '/reset'), 'Reset');
});
for (const select of Object.values(filters)) select.addEventListener('change', renderAll);
$('refresh').addEventListener('click', refresh);

let timer = null;
function schedule() { clearInterval(timer); timer = $('live').checked ? setInterval(refresh, 2000) : null; }
$('live').addEventListener('change', schedule);

try {
  index = await call('GET', '');
  const ids = index.providers.map((p) => p.id);
  for (const select of [filters.provider, $('sc-provider'), $('ch-provider')]) fillSelect(select, ids, true);
  fillSelect($('buyer-provider'), ids, false);
  $('buyer-provider').dispatchEvent(new Event('change'));
} catch (error) { problem(error); }
await refresh();
schedule();
`

// The counter page: call next, start (the visitor sat down), recall, no-show, finish with a
// note (for staff) and a summary (for the visitor), transfer, refer (to a posting found by
// hanzi, pinyin or initials), confirm a renewed card;
// keyboard shortcuts N, A, R, S, F, T; the visitor's documents, past services and referrals.
// Service time runs from the start: the first thing done for the visitor (a note, a summary,
// a referral, a card check) starts it, so the counsellor need not think of it.
const W = JSON.parse($('words').textContent);
const groups = JSON.parse($('groups').textContent);
const referralStates = JSON.parse($('referral-states').textContent);
const english = document.documentElement.lang === 'en';
let current = null;
function serviceName(t) { return english && t.service_en ? t.service_en : t.service; }
function say(key, values) { return fill(W[key], values); }
async function api(method, path, body) {
  const r = await call(method, path, body);
  if (!r.ok) {
    const detail = (await r.json()).detail;   // a refusal the page has words for, else the service's
    $('status').textContent = W['refused_' + detail] || reason(detail, r.status) || r.status;
    return null;
  }
  return r.json();
}
function statusText(t) {
  if (!t) return W.nobody;
  if (t.status === 'serving') return say('serving', {time: t.serving_since});
  if (t.status === 'transferred') return say('transferred', {label: t.label});
  return W[t.status] || t.status;
}
// The ticket's state on the page; the visitor's panel reloads only for another ticket.
function show(t) {
  const same = t && current && t.id === current.id;
  current = t && ['called', 'serving'].includes(t.status) ? t : null;
  $('current').textContent = current ? current.label : '—';
  $('current-service').textContent = current ? serviceName(current) : '';
  $('status').textContent = statusText(t);
  $('start-step').hidden = !(current && current.status === 'called');
  $('no-show').disabled = !!(current && current.status === 'serving');
  if (same && current) return;
  $('documents').innerHTML = ''; $('history').innerHTML = ''; $('referrals').innerHTML = ''; $('person').textContent = W.not_identified;
  $('history-title').hidden = true;
  if ($('erase-person')) $('erase-person').hidden = true;
  $('card-check').hidden = true;
  $('refer-search').value = ''; $('refer-results').innerHTML = '';
  $('open-case-row').hidden = true; $('open-case').checked = false; $('person-link').hidden = true;
  if (current) loadVisitor(current.id);
}
// Start the service if the called visitor's has not started: the first action on them does.
let starting = null;   // the start under way: keystrokes while it runs do not send more
async function startIfNeeded() {
  if (!current || current.status !== 'called') return;
  if (!starting) starting = api('POST', '/api/tickets/' + current.id + '/start')
    .then(t => { if (t) show(t); }).finally(() => { starting = null; });
  await starting;
}
function historyRow(h) {
  const tr = document.createElement('tr'); tr.innerHTML = '<td class="when"></td><td></td>';
  tr.cells[0].textContent = h.at;
  const what = tr.cells[1];
  what.textContent = h.summary;
  const more = [h.staff ? say('served_by', {staff: h.staff}) : '', h.visitor_summary ? say('told', {text: h.visitor_summary}) : ''].filter(Boolean);
  if (more.length) { const d = document.createElement('div'); d.className = 'muted'; d.textContent = more.join(' · '); what.appendChild(d); }
  return tr;
}
async function loadVisitor(id) {
  const v = await api('GET', '/api/tickets/' + id + '/visitor');
  if (!v) return;
  for (const d of v.documents) { const li = document.createElement('li'); li.textContent = d.name + ' ' + (d.name_en || ''); $('documents').appendChild(li); }
  if (v.person) {
    $('card-check').hidden = !v.card_unconfirmed;
    $('person').textContent = v.person.masked_name + ' ' + v.person.masked_id + (v.person.priority_group ? ' · ' + (groups[v.person.priority_group] || '') : '');
    if ($('erase-person')) $('erase-person').hidden = false;
    $('open-case-row').hidden = !v.case_limit_days;
    if (v.person.id) { $('person-link').href = '/console/people/' + v.person.id; $('person-link').hidden = false; }
    for (const r of v.referrals) {
      const tr = document.createElement('tr'); tr.innerHTML = '<td></td><td></td>';
      tr.cells[0].textContent = r.title + ' · ' + r.employer + (r.updated ? ' · ' + r.updated : '');
      const sel = document.createElement('select'); sel.dataset.referral = r.id;
      for (const st of Object.keys(referralStates)) { const o = document.createElement('option'); o.value = st; o.textContent = referralStates[st]; o.selected = st === r.state; sel.appendChild(o); }
      sel.onchange = () => api('POST', '/api/referrals/' + r.id + '/state', {state: sel.value});
      tr.cells[1].appendChild(sel); $('referrals').appendChild(tr);
    }
    $('history-title').hidden = !v.history.length;
    for (const h of v.history) $('history').appendChild(historyRow(h));
  }
}
// The hall of the chosen counter: its queue, and its services to transfer to.
function hall() { const o = $('counter').selectedOptions[0]; return o ? o.dataset.hall : ''; }
function chooseCounter() {
  for (const o of $('transfer-to').options) o.hidden = o.dataset.hall !== hall();
  const first = [...$('transfer-to').options].find(o => !o.hidden);
  if (first) $('transfer-to').value = first.value;
  refreshQueue();
}
async function refreshQueue() {
  if (!hall()) return;
  const q = await api('GET', '/api/queue?hall_id=' + hall());
  if (!q) return;
  $('queue').innerHTML = '';
  for (const t of q) { const tr = document.createElement('tr'); tr.innerHTML = '<td></td><td></td><td></td>';
    tr.cells[0].textContent = t.label; tr.cells[1].textContent = serviceName(t); tr.cells[2].textContent = (W[t.status] || t.status) + (t.counter ? ' · ' + say('at', {counter: t.counter}) : ''); $('queue').appendChild(tr); }
}
// a person's record deleted on their request (hall managers only; the service audits it)
async function erasePerson() {
  if (!current || !confirm(W.erase_confirm)) return;
  if (await api('POST', '/api/tickets/' + current.id + '/erase-person')) { const t = current; current = null; show(t); $('status').textContent = W.deleted; }
}
if ($('erase-person')) $('erase-person').addEventListener('click', erasePerson);
const actions = {
  'call-next': async () => show(await api('POST', '/api/counters/' + $('counter').value + '/call-next')),
  'start': startIfNeeded,
  'recall': async () => current && show(await api('POST', '/api/tickets/' + current.id + '/recall')),
  'no-show': async () => current && show(await api('POST', '/api/tickets/' + current.id + '/no-show')),
  'finish': async () => { if (current) { show(await api('POST', '/api/tickets/' + current.id + '/finish', {note: $('note').value, visitor_summary: $('visitor-summary').value, open_case: $('open-case').checked})); $('note').value = ''; $('visitor-summary').value = ''; } },
  'card-renewed': async () => { await startIfNeeded(); if (current && await api('POST', '/api/tickets/' + current.id + '/visitor/card-renewed')) $('card-check').hidden = true; },
  'transfer': async () => current && show(await api('POST', '/api/tickets/' + current.id + '/transfer', {service_code: $('transfer-to').value})),
};
for (const [id, fn] of Object.entries(actions)) $(id).addEventListener('click', async () => { await fn(); refreshQueue(); });
// the first thing done for the visitor starts their service (a referral's own handler follows)
for (const id of ['note', 'visitor-summary']) $(id).addEventListener('input', startIfNeeded);
$('referrals').addEventListener('change', startIfNeeded);
document.addEventListener('keydown', e => {
  if (e.target.tagName === 'TEXTAREA' || e.target.tagName === 'INPUT') return;
  const key = {n: 'call-next', a: 'start', r: 'recall', s: 'no-show', f: 'finish', t: 'transfer'}[e.key.toLowerCase()];
  if (key) { e.preventDefault(); $(key).click(); }
});
// refer: search verified postings as the counsellor types (as visitors do: "kj" finds 会计),
// then refer the visitor to the one picked; an older answer never overwrites a newer one
let referAsked = 0;
async function referSearch() {
  const mine = ++referAsked, q = $('refer-search').value.trim(), list = $('refer-results');
  if (!q) { list.innerHTML = ''; return; }
  const r = await call('GET', '/api/jobs?status=verified&limit=8&q=' + encodeURIComponent(q));
  if (mine !== referAsked || !r.ok) return;
  const found = (await r.json()).items;
  list.innerHTML = '';
  for (const job of found) {
    const tr = list.insertRow();
    tr.insertCell().textContent = job.title + ' · ' + job.employer + (job.district ? ' · ' + job.district : '');
    const button = document.createElement('button'); button.className = 'act'; button.textContent = list.dataset.refer;
    button.addEventListener('click', () => refer(job, button));
    tr.insertCell().appendChild(button);
  }
  if (!found.length) list.insertRow().insertCell().textContent = list.dataset.none;
}
async function refer(job, button) {
  if (!current) return;
  await startIfNeeded();   // a referral is something done for the visitor: their service runs
  if (await api('POST', '/api/referrals', {ticket_id: current.id, job_id: job.id})) {
    button.disabled = true; button.textContent = $('refer-results').dataset.referred;
    $('referrals').innerHTML = ''; $('documents').innerHTML = ''; $('history').innerHTML = ''; loadVisitor(current.id);
  }
}
$('refer-search').addEventListener('input', referSearch);
$('counter').addEventListener('change', chooseCounter);
chooseCounter(); setInterval(refreshQueue, 3000);

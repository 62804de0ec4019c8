// The counter page: call next, recall, no-show, finish with a note (for staff) and a summary
// (for the visitor), transfer, refer, confirm a renewed card;
// keyboard shortcuts N, R, S, F, T; the visitor's documents, record and referrals.
let current = null;
async function api(method, path, body) {
  const r = await call(method, path, body);
  if (!r.ok) {
    $('status').textContent = reason((await r.json()).detail, r.status) || r.status;
    return null;
  }
  return r.json();
}
function show(t) {
  current = t && ['called', 'serving'].includes(t.status) ? t : null;
  $('current').textContent = current ? current.label : '—';
  $('current-service').textContent = current ? current.service : '';
  $('status').textContent = t ? t.status : '没有等候的来访者 · Nobody waiting';
  $('documents').innerHTML = ''; $('history').innerHTML = ''; $('referrals').innerHTML = ''; $('person').textContent = '未识别 Not identified';
  if ($('erase-person')) $('erase-person').hidden = true;
  $('card-check').hidden = true;
  $('open-case-row').hidden = true; $('open-case').checked = false; $('person-link').hidden = true;
  if (current) loadVisitor(current.id);
}
async function loadVisitor(id) {
  const v = await api('GET', '/api/tickets/' + id + '/visitor');
  if (!v) return;
  for (const d of v.documents) { const li = document.createElement('li'); li.textContent = d.name + ' ' + (d.name_en || ''); $('documents').appendChild(li); }
  if (v.person) {
    $('card-check').hidden = !v.card_unconfirmed;
    $('person').textContent = v.person.masked_name + ' ' + v.person.masked_id + (v.person.priority_group ? ' · ' + v.person.priority_group : '');
    if ($('erase-person')) $('erase-person').hidden = false;
    $('open-case-row').hidden = !v.case_limit_days;
    if (v.person.id) { $('person-link').href = '/console/people/' + v.person.id; $('person-link').hidden = false; }
    for (const r of v.referrals) {
      const tr = document.createElement('tr'); tr.innerHTML = '<td></td><td></td>';
      tr.cells[0].textContent = r.title + ' · ' + r.employer;
      const sel = document.createElement('select'); sel.dataset.referral = r.id;
      for (const st of ['sent', 'interview', 'hired', 'not_hired', 'withdrawn']) { const o = document.createElement('option'); o.value = o.textContent = st; o.selected = st === r.state; sel.appendChild(o); }
      sel.onchange = () => api('POST', '/api/referrals/' + r.id + '/state', {state: sel.value});
      tr.cells[1].appendChild(sel); $('referrals').appendChild(tr);
    }
    for (const h of v.history) { const tr = document.createElement('tr'); tr.innerHTML = '<td></td><td></td>'; tr.cells[0].textContent = h.at; tr.cells[1].textContent = h.summary; $('history').appendChild(tr); }
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
    tr.cells[0].textContent = t.label; tr.cells[1].textContent = t.service; tr.cells[2].textContent = t.status + (t.counter ? ' @ ' + t.counter : ''); $('queue').appendChild(tr); }
}
// a person's record deleted on their request (hall managers only; the service audits it)
async function erasePerson() {
  if (!current || !confirm('确认应本人要求删除其全部档案？此操作不可撤销。\nDelete this person\'s whole record, as they asked? This cannot be undone.')) return;
  if (await api('POST', '/api/tickets/' + current.id + '/erase-person')) { show(current); $('status').textContent = '档案已删除 Record deleted'; }
}
if ($('erase-person')) $('erase-person').addEventListener('click', erasePerson);
const actions = {
  'call-next': async () => show(await api('POST', '/api/counters/' + $('counter').value + '/call-next')),
  'recall': async () => current && show(await api('POST', '/api/tickets/' + current.id + '/recall')),
  'no-show': async () => current && show(await api('POST', '/api/tickets/' + current.id + '/no-show')),
  'finish': async () => { if (current) { show(await api('POST', '/api/tickets/' + current.id + '/finish', {note: $('note').value, visitor_summary: $('visitor-summary').value, open_case: $('open-case').checked})); $('note').value = ''; $('visitor-summary').value = ''; } },
  'card-renewed': async () => { if (current && await api('POST', '/api/tickets/' + current.id + '/visitor/card-renewed')) $('card-check').hidden = true; },
  'refer': async () => { if (current && $('refer-job').value) { await api('POST', '/api/referrals', {ticket_id: current.id, job_id: +$('refer-job').value}); $('referrals').innerHTML = ''; $('documents').innerHTML = ''; $('history').innerHTML = ''; loadVisitor(current.id); } },
  'transfer': async () => current && show(await api('POST', '/api/tickets/' + current.id + '/transfer', {service_code: $('transfer-to').value})),
};
for (const [id, fn] of Object.entries(actions)) $(id).addEventListener('click', async () => { await fn(); refreshQueue(); });
document.addEventListener('keydown', e => {
  if (e.target.tagName === 'TEXTAREA' || e.target.tagName === 'INPUT') return;
  const key = {n: 'call-next', r: 'recall', s: 'no-show', f: 'finish', t: 'transfer'}[e.key.toLowerCase()];
  if (key) { e.preventDefault(); $(key).click(); }
});
$('counter').addEventListener('change', chooseCounter);
chooseCounter(); setInterval(refreshQueue, 3000);

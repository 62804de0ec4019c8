// The supervisor view: the hall's services, counters and waiting tickets, live over the
// supervisor stream; move a ticket to the front, transfer it, cancel it with a reason.
// Rows are kept per ticket across updates, so a reason being typed survives the next one.
const hallId = document.body.dataset.hall;
const W = JSON.parse($('words').textContent);
const groups = JSON.parse($('groups').textContent);
const english = document.documentElement.lang === 'en';
let view = JSON.parse($('view').textContent);
let updates = 0;

function say(key, values) { return fill(W[key], values); }
function serviceName(s) { return english && s.name_en ? s.name_en : s.name; }
function cell(tr, text, cls) {
  const td = document.createElement('td'); td.textContent = text;
  if (cls) td.className = cls;
  tr.appendChild(td); return td;
}

function renderServices() {
  const box = $('services'); box.innerHTML = '';
  for (const s of view.services) {
    const tile = document.createElement('div'); tile.className = 'tile ' + s.state;
    tile.dataset.service = s.code;
    tile.innerHTML = '<div class="name"></div><div class="count"></div><div class="longest"></div><div class="state"></div>';
    tile.querySelector('.name').textContent = s.letter + ' ' + serviceName(s);
    tile.querySelector('.count').textContent = s.waiting ? say('waiting', {n: s.waiting}) : W.nobody;
    if (!s.waiting) tile.classList.add('empty');
    tile.querySelector('.longest').textContent = s.waiting ? say('longest', {n: s.longest_wait_min}) : '';
    tile.querySelector('.state').textContent = W[s.state];
    box.appendChild(tile);
  }
}

function renderCounters() {
  const body = $('counters').tBodies[0]; body.innerHTML = '';
  for (const c of view.counters) {
    const tr = document.createElement('tr'); tr.dataset.counter = c.id;
    const name = cell(tr, c.name, 'name');
    if (c.letters.length) { const l = document.createElement('span'); l.className = 'letters'; l.textContent = c.letters.join(' '); name.appendChild(l); }
    cell(tr, c.is_open ? W.open : W.closed, c.is_open ? 'open' : 'closed');
    cell(tr, c.staff || W.nobody_there, c.staff ? 'staff' : 'staff closed');
    cell(tr, c.ticket ? c.ticket + ' · ' + say(c.ticket_status === 'serving' ? 'serving' : 'called',
                                               {time: c.since, n: c.minutes}) : W.idle);
    body.appendChild(tr);
  }
}

const rows = new Map();   // ticket id -> its row, kept while the ticket waits
function ticketRow(t) {
  let tr = rows.get(t.id);
  if (!tr) {
    tr = document.createElement('tr'); tr.dataset.ticket = t.id;
    for (let i = 0; i < 6; i++) tr.appendChild(document.createElement('td'));
    const actions = cell(tr, '', 'actions');
    const front = document.createElement('button'); front.textContent = W.front; front.className = 'front';
    front.onclick = () => act(t.id, 'move-up', undefined, r => say('moved', {label: r.label}));
    const to = document.createElement('select'); to.className = 'to';
    const transfer = document.createElement('button'); transfer.textContent = W.transfer; transfer.className = 'transfer';
    transfer.onclick = () => act(t.id, 'transfer', {service_code: to.value},
                                 r => say('transferred', {label: tr.dataset.label, new: r.label}));
    const reason = document.createElement('input'); reason.className = 'reason';
    reason.placeholder = W.reason; reason.maxLength = 200; reason.setAttribute('list', 'reasons');
    const cancel = document.createElement('button'); cancel.textContent = W.cancel; cancel.className = 'cancel danger';
    cancel.onclick = () => {
      if (!reason.value.trim()) { $('result').textContent = W.need_reason; reason.focus(); return; }
      act(t.id, 'cancel', {reason: reason.value}, () => say('cancelled', {label: tr.dataset.label}));
    };
    actions.append(front, to, transfer, reason, cancel);
    rows.set(t.id, tr);
  }
  tr.dataset.label = t.label;
  tr.className = t.state + (t.position === 1 ? ' first' : '');
  const c = tr.cells;
  c[0].textContent = say('position', {n: t.position});
  c[1].textContent = t.label; c[1].className = 'label';
  const service = view.services.find(s => s.code === t.service_code);
  c[2].className = 'service';
  c[2].textContent = t.letter + ' ' + (service ? serviceName(service) : '') +
                     (t.routed_counter ? ' · ' + say('routed', {counter: t.routed_counter}) : '');
  c[3].textContent = t.arrived;
  c[4].textContent = say('minutes', {n: t.waited_min}); c[4].className = 'waited';
  c[5].textContent = t.priority_group ? (groups[t.priority_group] || '') : '';
  const to = tr.querySelector('select.to'), chosen = to.value;
  to.innerHTML = '';
  for (const s of view.services) {
    if (s.code === t.service_code) continue;
    const o = document.createElement('option'); o.value = s.code; o.textContent = s.letter + ' ' + serviceName(s);
    to.appendChild(o);
  }
  if (chosen && [...to.options].some(o => o.value === chosen)) to.value = chosen;
  return tr;
}

function renderWaiting() {
  const body = $('waiting').tBodies[0];
  const present = new Set(view.waiting.map(t => t.id));
  for (const [id, tr] of rows) if (!present.has(id)) { tr.remove(); rows.delete(id); }
  for (const t of view.waiting) body.appendChild(ticketRow(t));   // appending moves rows into order
  let empty = body.querySelector('tr.empty');
  if (!view.waiting.length && !empty) {
    empty = document.createElement('tr'); empty.className = 'empty';
    const td = cell(empty, W.no_waiting); td.colSpan = 7; body.appendChild(empty);
  } else if (view.waiting.length && empty) empty.remove();
}

function render() {
  renderServices(); renderCounters(); renderWaiting();
  document.body.dataset.updated = ++updates;
}

async function act(id, action, body, done) {
  const r = await call('POST', '/api/supervisor/tickets/' + id + '/' + action, body);
  const answer = await r.json();
  $('result').textContent = r.ok ? done(answer) : reason(answer.detail, r.status);
}

function live(state, text) { $('live').className = 'live ' + state; $('live').textContent = text; }

const stream = new EventSource('/api/supervisor/halls/' + hallId + '/stream');
stream.addEventListener('hall', e => { view = JSON.parse(e.data); render(); live('on', W.live); });
stream.addEventListener('ended', () => { stream.close(); live('off', W.ended); document.body.dataset.ended = '1'; });
stream.onerror = () => {
  if (stream.readyState === EventSource.CLOSED) { live('off', W.ended); document.body.dataset.ended = '1'; }
  else live('', W.reconnecting);
};
render();

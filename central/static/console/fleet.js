// The fleet page: every terminal with its alerts, a filter, commands, the last screenshot.
// The JSON keeps its keys (never_seen, paper_out, ISO times); the page says them in the
// staff member's language with the words the template hands over, and times on the local clock.
const words = JSON.parse($('words').textContent);
const lang = document.documentElement.lang || 'zh-CN';
const COMMANDS = ['maintenance_on', 'maintenance_off', 'test_print', 'screenshot', 'clear_cache', 'restart'];
const relative = new Intl.RelativeTimeFormat(lang, {numeric: 'auto'});
const STEPS = [['second', 60], ['minute', 60], ['hour', 24], ['day', 7], ['week', 4.35], ['month', 12], ['year', Infinity]];

// "3 minutes ago" / "3分钟前".
function ago(when) {
  const at = toDate(when);
  if (isNaN(at)) return '';
  let amount = (at - Date.now()) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return relative.format(Math.round(amount), unit);
    amount /= size;
  }
  return '';
}
function word(table, key) { return (words[table] || {})[key] || key; }
function deviceLine(name, h) {
  const reason = h.reason && h.state !== 'ok' ? ' (' + word('reasons', h.reason) + ')' : '';
  return word('devices', name) + ': ' + word('states', h.state) + reason;
}
function alertText(a) {
  const what = words.alerts[a.kind] || (a.device ? deviceLine(a.device, {state: a.kind.slice(a.device.length + 1), reason: a.reason}) : a.kind);
  const since = a.kind === 'never_seen' ? words.registered : words.since;
  return a.since ? what + ' · ' + since.replace('{time}', ago(a.since)) : what;
}

async function send(id, kind) {
  await call('POST', '/api/kiosks/' + id + '/commands', {kind});
  if (kind === 'screenshot') setTimeout(() => showShot(id), 3000);
}
function showShot(id) { showScreenshot($('shot'), id, words.no_screenshot); }
// The halls whose terminals this person may command and see the screens of ("all": every hall).
const managed = document.body.dataset.managed || '';
const manages = hallId => managed === 'all' || managed.split(',').includes(String(hallId));
// "asleep until 08:15" (with the weekday when it is not today), in the hall's time zone
function wakeText(k) {
  const at = new Date(k.asleep_until), tz = k.timezone;
  const day = d => d.toLocaleDateString('en-CA', {timeZone: tz});
  const clock = {timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23'};
  const when = locale => (day(at) === day(new Date()) ? '' : at.toLocaleDateString(locale, {timeZone: tz, weekday: 'short'}) + ' ') + at.toLocaleTimeString(locale, clock);
  return words.asleep_until.replace('{time}', when(document.documentElement.lang === 'en' ? 'en-GB' : 'zh-CN'));
}
async function load() {
  const r = await fetch('/api/kiosks', {credentials: 'same-origin'}); if (!r.ok) return;
  const rows = await r.json(); const f = $('filter').value;
  $('rows').innerHTML = '';
  let alertCount = 0;
  for (const k of rows) {
    if (k.alerts.length) alertCount++;
    if (f === 'alert' && !k.alerts.length) continue;
    if (f === 'offline' && !k.alerts.some(a => a.kind === 'offline' || a.kind === 'never_seen')) continue;
    const tr = document.createElement('tr');
    tr.innerHTML = '<td></td><td></td><td></td><td></td><td></td>';
    const link = document.createElement('a'); link.href = '/console/terminals/' + k.id; link.textContent = k.name;
    tr.cells[0].appendChild(link);
    tr.cells[0].appendChild(document.createTextNode((k.place ? ' · ' + k.place : '') + (k.maintenance ? ' (' + words.maintenance + ')' : '') + (k.revoked ? ' (' + words.revoked + ')' : '')));
    if (k.last_seen) { tr.cells[1].textContent = ago(k.last_seen); tr.cells[1].title = localTime(k.last_seen); }
    else tr.cells[1].textContent = words.never_seen_at;
    for (const [n, h] of Object.entries(k.devices)) {
      const d = document.createElement('div'); d.className = 'device ' + (h.state === 'ok' ? 'ok' : 'bad');
      d.textContent = deviceLine(n, h); tr.cells[2].appendChild(d);
    }
    for (const a of k.alerts) {
      const s = document.createElement('span'); s.className = 'alert'; s.dataset.kind = a.kind;
      s.textContent = alertText(a); if (a.since) s.title = localTime(a.since); tr.cells[3].appendChild(s);
    }
    if (k.asleep_until) { const s = document.createElement('span'); s.className = 'asleep'; s.textContent = wakeText(k); tr.cells[3].appendChild(s); }
    else if (!k.alerts.length) tr.cells[3].innerHTML = '<span class="ok">✓</span>';
    if (manages(k.hall_id)) {
      for (const kind of COMMANDS) { const b = document.createElement('button'); b.textContent = words.commands[kind]; b.dataset.kind = kind; b.onclick = () => send(k.id, kind); tr.cells[4].appendChild(b); }
      const v = document.createElement('button'); v.textContent = words.view; v.dataset.kind = 'view'; v.onclick = () => showShot(k.id); tr.cells[4].appendChild(v);
    } else tr.cells[4].textContent = '—';
    $('rows').appendChild(tr);
  }
  $('summary').textContent = words.summary.replace('{n}', rows.length).replace('{alerts}', alertCount);
}
$('filter').onchange = load; load(); setInterval(load, 5000);

// The fleet page: every terminal with its alerts, a filter, commands, the last screenshot.
const COMMANDS = [['maintenance_on', '维护 Maint. on'], ['maintenance_off', '恢复 Maint. off'], ['test_print', '测试打印 Test print'], ['screenshot', '截图 Screenshot'], ['clear_cache', '清缓存 Clear cache'], ['restart', '重启 Restart']];
async function send(id, kind) {
  await call('POST', '/api/kiosks/' + id + '/commands', {kind});
  if (kind === 'screenshot') setTimeout(() => showShot(id), 3000);
}
function showShot(id) { showScreenshot($('shot'), id, '—'); }
// The halls whose terminals this person may command and see the screens of ("all": every hall).
const managed = document.body.dataset.managed || '';
const manages = hallId => managed === 'all' || managed.split(',').includes(String(hallId));
// "asleep until 08:15" (with the weekday when it is not today), in the hall's time zone
function wakeText(k) {
  const at = new Date(k.asleep_until), tz = k.timezone;
  const day = d => d.toLocaleDateString('en-CA', {timeZone: tz});
  const clock = {timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23'};
  const when = locale => (day(at) === day(new Date()) ? '' : at.toLocaleDateString(locale, {timeZone: tz, weekday: 'short'}) + ' ') + at.toLocaleTimeString(locale, clock);
  return '休眠至 ' + when('zh-CN') + ' · asleep until ' + when('en-GB');
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
    tr.cells[0].appendChild(document.createTextNode((k.place ? ' · ' + k.place : '') + (k.maintenance ? ' (维护中)' : '') + (k.revoked ? ' (已吊销)' : '')));
    tr.cells[1].textContent = k.last_seen ? new Date(k.last_seen).toLocaleString('zh-CN') : '从未 never';
    tr.cells[2].textContent = Object.entries(k.devices).map(([n, h]) => n + ': ' + h.state + (h.reason ? ' (' + h.reason + ')' : '')).join('\n');
    for (const a of k.alerts) { const s = document.createElement('span'); s.className = 'alert'; s.textContent = a.kind + ' · ' + (a.since || '').slice(0, 16); tr.cells[3].appendChild(s); }
    if (k.asleep_until) { const s = document.createElement('span'); s.className = 'asleep'; s.textContent = wakeText(k); tr.cells[3].appendChild(s); }
    else if (!k.alerts.length) tr.cells[3].innerHTML = '<span class="ok">✓</span>';
    if (manages(k.hall_id)) {
      for (const [kind, label] of COMMANDS) { const b = document.createElement('button'); b.textContent = label; b.dataset.kind = kind; b.onclick = () => send(k.id, kind); tr.cells[4].appendChild(b); }
      const v = document.createElement('button'); v.textContent = '看截图 View'; v.onclick = () => showShot(k.id); tr.cells[4].appendChild(v);
    } else tr.cells[4].textContent = '—';
    $('rows').appendChild(tr);
  }
  $('summary').textContent = rows.length + ' 台 · ' + alertCount + ' 台告警';
}
$('filter').onchange = load; load(); setInterval(load, 5000);

// The releases page: each ring's roll-out, the latest rollbacks and refusals, assigning a
// release to a ring, and (admins) uploading a signed wheel. The JSON keeps its keys (fleet,
// rolled_back, ISO times); the page says them with the words the template hands over.
const words = JSON.parse($('words').textContent);
function row(table, cells, cls) {
  const tr = document.createElement('tr');
  for (const text of cells) { const td = document.createElement('td'); td.textContent = text; tr.appendChild(td); }
  if (cls) tr.className = cls;
  table.appendChild(tr);
}
async function refusal(r) {
  try { return reason((await r.json()).detail, r.status); } catch (e) { return String(r.status); }
}
async function load() {
  const p = await fetch('/api/releases/progress', {credentials: 'same-origin'}); if (!p.ok) return;
  const data = await p.json();
  $('rings').innerHTML = ''; $('reports').innerHTML = '';
  for (const r of data.rings) {
    const by = Object.entries(r.versions).map(([v, n]) => (v || '?') + ': ' + n).join(', ');
    row($('rings'), [(words.scopes[r.scope] || r.scope) + (r.scope === 'fleet' ? '' : ' #' + r.scope_id), r.version,
                     r.on_version + ' / ' + r.terminals, by, r.rolled_back, r.install_failed],
        r.rolled_back || r.install_failed ? 'bad' : '');
  }
  $('unassigned').textContent = data.unassigned ? '(' + fill(words.unassigned, {n: data.unassigned}) + ')' : '';
  for (const r of data.reports) row($('reports'), [r.kiosk, r.version, words.outcomes[r.outcome] || r.outcome, r.reason, localTime(r.at)], 'bad');
  const l = await fetch('/api/releases', {credentials: 'same-origin'}); if (!l.ok) return;
  const list = await l.json(); const chosen = $('version').value;
  $('releases').innerHTML = ''; $('version').innerHTML = '';
  for (const r of list) {
    row($('releases'), [r.version, r.filename, r.sha256, localTime(r.uploaded_at)]);
    const o = document.createElement('option'); o.value = o.textContent = r.version; $('version').appendChild(o);
  }
  if (chosen) $('version').value = chosen;
}
$('assign').addEventListener('submit', async e => {
  e.preventDefault();
  const r = await call('PUT', '/api/releases/rings/' + $('scope').value + '/' + $('scope_id').value,
                       {version: $('version').value});
  $('assign_result').textContent = r.ok ? words.assigned : fill(words.assign_failed, {reason: await refusal(r)});
  load();
});
if ($('upload')) $('upload').addEventListener('submit', async e => {
  e.preventDefault();
  const form = new FormData();   // multipart: not call()'s JSON
  form.append('wheel', $('wheel').files[0]); form.append('sha256', $('sha256').value.trim());
  form.append('signature', $('signature').value.trim());
  const r = await fetch('/api/releases', {method: 'POST', credentials: 'same-origin',
                                          headers: {'X-CSRF-Token': csrf}, body: form});
  $('upload_result').textContent = r.ok ? words.uploaded : fill(words.upload_refused, {reason: await refusal(r)});
  load();
});
load(); setInterval(load, 5000);

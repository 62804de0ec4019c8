// The postings page: verify, reject with a reason, withdraw, edit (back to the queue);
// search every posting by hanzi, pinyin or initials; import a JSON-LD file and show the
// per-record report. The words come from the page (data-*), already translated.
const page = document.body.dataset;
const statusLabels = JSON.parse(page.statusLabels || '{}');

function say(text, bad) { $('status').textContent = text; $('status').className = bad ? 'error' : 'muted'; }

async function send(method, path, body) {
  const r = await call(method, path, body);
  const data = await r.json().catch(() => ({}));
  if (!r.ok) { say(reason(data.detail, r.status), true); return null; }
  return data;
}

// a posting's actions; a done one leaves the queue (the page reloads to show the queue as it is)
async function act(article, action) {
  const id = article.dataset.id;
  if (action === 'edit') { article.querySelector('form.edit').hidden = !article.querySelector('form.edit').hidden; return; }
  const note = article.querySelector('.reason').value.trim();
  if (action === 'reject' && !note) { say(page.msgReason, true); article.querySelector('.reason').focus(); return; }
  if (await send('POST', '/api/jobs/' + id + '/' + action, {note})) { say(page.msgDone); location.reload(); }
}

async function saveEdit(article, form) {
  const body = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === 'number') body[el.name] = el.value === '' ? null : +el.value;
    else if (el.name === 'expires_at') body[el.name] = el.value || null;
    else body[el.name] = el.value;
  }
  if (await send('PUT', '/api/jobs/' + article.dataset.id, body)) { say(page.msgDone); location.reload(); }
}

for (const article of document.querySelectorAll('article.posting')) {
  for (const button of article.querySelectorAll('[data-action]')) button.addEventListener('click', () => act(article, button.dataset.action));
  const form = article.querySelector('form.edit');
  form.addEventListener('submit', e => { e.preventDefault(); saveEdit(article, form); });
}

// search as the person types; an answer to an older query never overwrites a newer one
let asked = 0;
async function search() {
  const mine = ++asked, q = $('search').value.trim();
  const tbody = $('results');
  if (!q) { tbody.innerHTML = ''; return; }
  const r = await call('GET', '/api/jobs?limit=20&q=' + encodeURIComponent(q));
  if (mine !== asked || !r.ok) return;
  const found = await r.json();
  tbody.innerHTML = '';
  for (const job of found.items) {
    const tr = tbody.insertRow();
    const link = document.createElement('a');   // the posting on this page: correct or withdraw it
    link.href = '/console/postings?posting=' + job.id + '#posting-' + job.id; link.textContent = job.id;
    tr.insertCell().appendChild(link);
    for (const text of [job.title, job.employer, statusLabels[job.verification_status] || job.verification_status]) tr.insertCell().textContent = text;
  }
  if (!found.items.length) tbody.insertRow().insertCell().textContent = page.msgNone;
}
$('search').addEventListener('input', search);

if ($('upload')) $('upload').addEventListener('submit', async e => {
  e.preventDefault();
  const file = $('upload-file').files[0];
  if (!file) return;
  $('upload-summary').textContent = page.msgReading;
  const report = await send('POST', '/api/postings/import', {hall_id: +$('upload-hall').value, filename: file.name, document: await file.text()});
  if (!report) { $('upload-summary').textContent = $('status').textContent; return; }
  $('upload-summary').textContent = [...new Set(report.records.map(r => r.outcome_label))]
    .map(label => label + ' ' + report.records.filter(r => r.outcome_label === label).length).join(' · ');
  const tbody = $('upload-report').tBodies[0];
  tbody.innerHTML = '';
  for (const rec of report.records) {
    const tr = tbody.insertRow(); tr.className = rec.outcome;
    for (const text of [rec.index + 1, rec.title + (rec.job_id ? ' (' + rec.job_id + ')' : ''), rec.outcome_label, rec.reason]) tr.insertCell().textContent = text;
  }
  $('upload-report').hidden = false;
});

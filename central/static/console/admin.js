// What the back-office pages share: the hall picker, and sending a form's JSON with the
// outcome written next to its button.
document.querySelectorAll('.hall-pick select').forEach(s => s.addEventListener('change', () => s.form.submit()));

const page = document.body.dataset;

// Send ``body``; on success ``done(answer)`` (or the page's "saved" words), else the reason.
async function send(method, path, body, result, done) {
  result.classList.remove('error');
  result.textContent = '…';
  const r = await call(method, path, body);
  const answer = await r.json().catch(() => ({}));
  if (!r.ok) {
    result.classList.add('error');
    result.textContent = (page.refused || '') + ': ' + reason(answer.detail, r.status, true);
    return null;
  }
  result.textContent = page.saved || '';
  if (done) done(answer);
  return answer;
}

// The values of a table's rows: one object per row, keyed by its inputs' names.
function rowsOf(tbody) {
  return Array.from(tbody.querySelectorAll('tr')).map(tr => {
    const row = {};
    tr.querySelectorAll('input').forEach(i => { row[i.name] = i.value.trim(); });
    return row;
  });
}

function addRow(tbody, templateId) {
  const row = document.getElementById(templateId).content.firstElementChild.cloneNode(true);
  tbody.appendChild(row);
  row.querySelector('input').focus();
}

document.addEventListener('click', e => {
  if (e.target.classList.contains('remove-row')) e.target.closest('tr').remove();
});

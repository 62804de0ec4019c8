// The Services page: each service's form as JSON (documents and steps as lists), the
// priority rules as one list.
function serviceBody(form) {
  // the service's own fields (a document's and a step's inputs have names of their own too)
  const field = name => Array.from(form.querySelectorAll(`[name=${name}]`)).find(el => !el.closest('tbody'));
  const v = name => field(name).value.trim();
  const limit = v('time_limit_days');
  return {
    code: v('code'), letter: v('letter').toUpperCase(), sort: Number(v('sort') || 0),
    name: v('name'), name_en: v('name_en'), description: v('description'),
    description_en: v('description_en'), conditions: v('conditions'), conditions_en: v('conditions_en'),
    time_limit_days: limit === '' ? null : Number(limit),
    requires_identity: field('requires_identity').checked, active: field('active').checked,
    documents: rowsOf(form.querySelector('.documents')).filter(d => d.name || d.name_en || d.note),
    steps: rowsOf(form.querySelector('.steps')).filter(s => s.name || s.name_en),
  };
}

document.querySelectorAll('form.service').forEach(form => {
  form.querySelector('.add-document').addEventListener('click', () => addRow(form.querySelector('.documents'), 'document-row'));
  form.querySelector('.add-step').addEventListener('click', () => addRow(form.querySelector('.steps'), 'step-row'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const id = form.dataset.id, result = form.querySelector('.result');
    const path = id ? '/api/services/' + id : '/api/halls/' + page.hall + '/services';
    await send(id ? 'PUT' : 'POST', path, serviceBody(form), result,
               answer => { if (!id) { location.hash = 'service-' + answer.letter; location.reload(); } });
  });
});

$('rules').addEventListener('submit', e => {
  e.preventDefault();
  const rules = Array.from(e.target.querySelectorAll('tr[data-group]')).map(tr => ({
    group: tr.dataset.group, weight: Number(tr.querySelector('[name=weight]').value || 0),
    active: tr.querySelector('[name=active]').checked,
    ...(tr.querySelector('[name=min_age]') ? {min_age: Number(tr.querySelector('[name=min_age]').value) || null} : {})}));
  send('PUT', '/api/halls/' + page.hall + '/priority-rules', rules, e.target.querySelector('.result'));
});

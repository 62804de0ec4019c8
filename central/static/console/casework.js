// Case management pages: log a follow-up in one click (caseload and person page), save a
// person's group, tier and counsellor, and move a case on. Every write goes to the JSON API
// (console.js's call() sends the CSRF token); the page reloads to show what the service kept.

async function send(method, path, body, status) {
  const r = await call(method, path, body);
  if (r.ok) return true;
  let detail; try { detail = (await r.json()).detail; } catch (e) { detail = null; }
  if (status) status.textContent = reason(detail, r.status, false);
  return false;
}

document.querySelectorAll('form.follow-up').forEach(form => form.addEventListener('submit', async e => {
  e.preventDefault();
  const status = form.querySelector('[role=status]');
  const body = {kind: form.kind.value, outcome: form.outcome.value, next_on: form.next_on.value || null};
  form.querySelector('button').disabled = true;
  if (await send('POST', '/api/people/' + form.dataset.person + '/follow-ups', body, status)) location.reload();
  else form.querySelector('button').disabled = false;
}));

const profile = $('profile-form');
if (profile) profile.addEventListener('submit', async e => {
  e.preventDefault();
  const value = name => profile[name].value === '' ? null : profile[name].value;
  const body = {priority_group: value('priority_group'),
                tier: value('tier') === null ? null : Number(value('tier')),
                counsellor_id: value('counsellor_id') === null ? null : Number(value('counsellor_id'))};
  if (await send('POST', '/api/people/' + document.body.dataset.person + '/profile', body, $('profile-status'))) location.reload();
});

document.querySelectorAll('.case').forEach(box => box.addEventListener('click', async e => {
  const action = e.target.dataset && e.target.dataset.action;
  if (!action) return;
  const missing = [...box.querySelectorAll('.send-back input:checked')].map(i => Number(i.value));
  const status = box.parentElement.querySelector('.case-status');
  if (await send('POST', '/api/cases/' + box.dataset.case + '/action', {action, missing}, status)) location.reload();
}));

document.querySelectorAll('form.closure').forEach(form => form.addEventListener('submit', async e => {
  e.preventDefault();
  const body = {day: form.day.value, reason: form.reason.value};
  if (await send('POST', '/api/halls/' + form.dataset.hall + '/closures', body, form.querySelector('[role=status]'))) location.reload();
}));

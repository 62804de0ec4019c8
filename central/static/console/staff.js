// The Staff page: create accounts, change roles, reset passwords (the one-time password is
// shown once, here), deactivate and reactivate.
function rolesOf(form) {
  return Array.from(form.querySelectorAll('select[name=role]')).filter(s => s.value)
    .map(s => ({hall_id: s.dataset.hall === '' ? null : Number(s.dataset.hall), role: s.value}));
}

function showSecret(answer) {
  $('secret-for').textContent = answer.staff.full_name || answer.staff.username;
  $('secret').textContent = answer.password;
  $('secret-card').hidden = false;
  $('secret-card').scrollIntoView();
}

$('create').addEventListener('submit', e => {
  e.preventDefault();
  const f = e.target;
  send('POST', '/api/staff', {username: f.elements.username.value.trim(),
                              full_name: f.elements.full_name.value.trim(), roles: rolesOf(f)},
       f.querySelector('.result'), answer => { showSecret(answer); f.reset(); });
});

document.querySelectorAll('#accounts tr[data-id]').forEach(tr => {
  const id = tr.dataset.id, result = tr.querySelector('.result');
  const on = (selector, handler) => { const el = tr.querySelector(selector); if (el) el.addEventListener('click', handler); };
  on('.reset', () => { if (confirm(page.confirmReset)) send('POST', `/api/staff/${id}/reset-password`, undefined, result, showSecret); });
  on('.deactivate', () => { if (confirm(page.confirmOff)) send('PUT', `/api/staff/${id}/active`, {active: false}, result, () => location.reload()); });
  on('.reactivate', () => send('PUT', `/api/staff/${id}/active`, {active: true}, result, () => location.reload()));
  const roles = tr.querySelector('form.roles');
  if (roles) roles.addEventListener('submit', e => {
    e.preventDefault();
    send('PUT', `/api/staff/${id}/roles`, {roles: rolesOf(roles)}, result, () => location.reload());
  });
});

// The Announcements page: schedule, delete, and a preview of the terminal's welcome screen
// that follows what is typed (in the visitor's language: English when there is an English
// text, else the Chinese, as the terminal picks it).
const preview = $('preview'), form = $('announce');
let shown = null;   // an announcement from the list being previewed, else the form's text

function local(value) { return value ? value + ':00' + page.offset : null; }

function render() {
  const lang = preview.dataset.lang, key = lang === 'en' ? 'en' : 'zh-cn';
  const zh = shown ? shown.text : form.elements.text.value, en = shown ? shown.textEn : form.elements.text_en.value;
  $('a-text').textContent = lang === 'en' && en.trim() ? en : zh;
  $('a-headline').textContent = preview.getAttribute('data-headline-' + key);
  $('a-touch').textContent = preview.getAttribute('data-touch-' + key);
  $('a-footer').textContent = preview.getAttribute('data-footer-' + key);
  const now = new Date(), two = n => String(n).padStart(2, '0');
  $('a-clock').textContent = two(now.getHours()) + ':' + two(now.getMinutes());
  $('a-date').textContent = now.getFullYear() + '-' + two(now.getMonth() + 1) + '-' + two(now.getDate());
}

document.querySelectorAll('.lang-pick button').forEach(b => b.addEventListener('click', () => {
  preview.dataset.lang = b.dataset.lang;
  document.querySelectorAll('.lang-pick button').forEach(o => o.setAttribute('aria-pressed', String(o === b)));
  render();
}));
form.addEventListener('input', () => { shown = null; render(); });
form.addEventListener('submit', e => {
  e.preventDefault();
  const f = form.elements;
  send('POST', '/api/announcements', {hall_id: Number(page.hall), text: f.text.value.trim(),
        text_en: f.text_en.value.trim(), starts_at: local(f.starts_at.value), ends_at: local(f.ends_at.value)},
       form.querySelector('.result'), () => location.reload());
});
document.querySelectorAll('#items tr[data-id]').forEach(tr => {
  tr.querySelector('.show').addEventListener('click', () => { shown = tr.dataset; render(); preview.scrollIntoView({block: 'nearest'}); });
  tr.querySelector('.delete').addEventListener('click', () => {
    if (confirm(page.confirmDelete)) send('DELETE', '/api/announcements/' + tr.dataset.id, undefined, tr.querySelector('.result'), () => tr.remove());
  });
});
render();

// What every console page's script shares: the element lookup and calls to the JSON API
// with the login cookie and the page's CSRF token (the service refuses writes without it).
const $ = id => document.getElementById(id);
const csrf = document.body.dataset.csrf || '';

function call(method, path, body) {
  return fetch(path, {method, credentials: 'same-origin',
                      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
                      body: body === undefined ? undefined : JSON.stringify(body)});
}

// The reason of a refused call: a string, or a 422's list of {loc, msg, type}.
function reason(detail, status, withLoc) {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) return detail.map(e => (withLoc ? (e.loc || []).join('.') + ': ' : '') + e.msg).join('; ');
  return String(status);
}

// A translated message with its %(name)s places filled from values (gettext's Python format).
function fill(message, values) {
  return message.replace(/%\((\w+)\)s/g, (_, k) => values[k]);
}

// A time as the JSON gives it: ISO text, or seconds since the epoch (a device's own clock).
function toDate(when) {
  return /^[0-9.]+$/.test(String(when)) ? new Date(Number(when) * 1000) : new Date(when);
}
// A time on this computer's clock in the page's language ("" for none).
function localTime(when) {
  const at = toDate(when);
  return isNaN(at) ? '' : at.toLocaleString(document.documentElement.lang || 'zh-CN', {dateStyle: 'medium', timeStyle: 'short'});
}

function showScreenshot(target, kioskId, missing) {
  const img = document.createElement('img'); img.className = 'shot'; img.alt = 'last screenshot';
  img.src = '/api/kiosks/' + kioskId + '/screenshot?' + Date.now();
  img.onerror = () => { target.textContent = missing; };
  target.innerHTML = ''; target.appendChild(img);
}

// The dashboard refreshes its live part (progress, accuracy, raters) every data-refresh-seconds, in place, so an
// admin watching it sees judgements arrive. It waits while the admin is typing in a field of that part (a new
// password), and leaves the forms outside it (import, accounts, k) alone.
(function () {
  const live = document.getElementById('live');
  if (!live) return;
  const seconds = Number(live.dataset.refreshSeconds) || 10;
  function busy() {
    const a = document.activeElement;
    if (a && live.contains(a) && (a.tagName === 'INPUT' || a.tagName === 'SELECT')) return true;
    return Array.from(live.querySelectorAll('input:not([type=hidden])')).some(function (i) { return i.value !== ''; });
  }
  function refresh() {
    if (busy() || document.hidden) return;
    fetch(window.location.pathname + window.location.search, { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('live');
        if (!fresh || busy()) return;
        live.innerHTML = fresh.innerHTML;
        const stamp = document.getElementById('refreshed');
        if (stamp) stamp.textContent = '(updated ' + new Date().toLocaleTimeString() + ')';
      })
      .catch(function () { /* the next round tries again */ });
  }
  setInterval(refresh, seconds * 1000);
})();

// Landing page of the platform: shows the live health of every part, from the gateway's /health.
const app = document.getElementById('app');

async function showHealth() {
  app.innerHTML = '<p class="busy">Checking the platform…</p>';
  try {
    const res = await fetch('/health');
    const h = await res.json();
    const rows = h.checks.map(c =>
      `<tr><th scope="row">${c.name}</th><td class="${c.status === 'UP' ? 'up' : 'down'}">${c.status}</td></tr>`).join('');
    app.innerHTML = `<h2>Platform status: <span class="${h.status === 'UP' ? 'up' : 'down'}">${h.status}</span></h2>
      <table class="health"><caption>Services, broker and database</caption>${rows}</table>
      <p>Services: <a href="/tap/availability">TAP</a> · <a href="/uws/">UWS</a> · <a href="/resolver/">resolver</a></p>`;
  } catch (e) {
    app.innerHTML = `<p class="down">The platform does not answer (${e.message}).</p>`;
  }
}

showHealth();

/* Trivselscoach – teamrummet. Vanilla JS, no dependencies.
 * All message and panel data is rendered with textContent / DOM APIs only. */
(function () {
  'use strict';

  var MAX_CHARS = 2000;
  var POLL_MS = 20000;
  var STORAGE_KEY = 'trivselscoach.storTekst';
  var URL_RE = /https?:\/\/[^\s<>"']+/gi;

  var $ = function (id) { return document.getElementById(id); };
  var els = {
    messages: $('messages'), form: $('composer'), input: $('input'), send: $('send'),
    typing: $('typing'), status: $('status'), hint: $('input-hint'), large: $('large-text'),
    logout: $('logout'),
    toggle: $('panel-toggle'), section: $('panel-section'),
    teamName: $('team-name'), teamCode: $('team-code'), teamCodeLine: $('team-code-line'),
    teamHint: $('team-hint'), steps: $('steps'), problems: $('problems'),
    problemsEmpty: $('problems-empty'), plan: $('plan-list'), planEmpty: $('plan-empty'),
    followup: $('next-followup')
  };
  var busy = false;
  var lastAnchor = null;  /* element the log was last scrolled to (null = bottom) */

  /* ---------- HTTP ---------- */

  function request(method, url, body) {
    var opts = { method: method, credentials: 'same-origin', headers: { 'Accept': 'application/json' } };
    if (method === 'POST') {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body || {});
    }
    return fetch(url, opts).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (res.ok) { return data; }
        var err = new Error(data.error || 'Der skete en fejl på serveren. Prøv igen om lidt.');
        err.code = data.code || ('http_' + res.status);
        throw err;
      });
    }, function () {
      var err = new Error('Kunne ikke få forbindelse til teamrummet. Tjek netværket og prøv igen.');
      err.code = 'network';
      throw err;
    });
  }

  /* POST message; on "no_session" start a new session and retry once. */
  function postMessage(body) {
    return request('POST', 'message', body).catch(function (err) {
      if (err.code !== 'no_session') { throw err; }
      return request('POST', 'session', {}).then(function () {
        return request('POST', 'message', body);
      });
    });
  }

  function showError(text) { els.status.textContent = text || ''; }

  /* ---------- Messages ---------- */

  function isSafeUrl(url) {
    if (typeof url !== 'string' || !url || /[\s\u0000-\u001f]/.test(url)) { return false; }
    try {
      var proto = new URL(url, window.location.href).protocol;
      return proto === 'http:' || proto === 'https:';
    } catch (e) { return false; }
  }

  /* Append one line of text, turning http(s) URLs into links when linkify is true. */
  function appendLine(parent, line, linkify) {
    var last = 0, m;
    URL_RE.lastIndex = 0;
    while (linkify && (m = URL_RE.exec(line)) !== null) {
      var url = m[0].replace(/[.,;:!?)\]]+$/, '');
      if (m.index > last) { parent.appendChild(document.createTextNode(line.slice(last, m.index))); }
      var a = document.createElement('a');
      a.textContent = url;
      if (/^https?:\/\//i.test(url)) { a.href = url; }
      a.rel = 'noopener noreferrer';
      a.target = '_blank';
      parent.appendChild(a);
      last = m.index + url.length;
      URL_RE.lastIndex = last;
    }
    if (last < line.length) { parent.appendChild(document.createTextNode(line.slice(last))); }
  }

  function renderText(parent, text, linkify) {
    String(text).split('\n').forEach(function (line, i) {
      if (i > 0) { parent.appendChild(document.createElement('br')); }
      appendLine(parent, line, linkify);
    });
  }

  function addMessage(msg) {
    var isBot = msg.from !== 'user';
    var wrap = document.createElement('div');
    wrap.className = 'msg ' + (isBot ? 'bot' : 'user');
    var who = document.createElement('span');
    who.className = 'visually-hidden';
    who.textContent = isBot ? 'Coachen: ' : 'I: ';
    wrap.appendChild(who);

    if (msg.text) {
      var bubble = document.createElement('div');
      bubble.className = 'bubble';
      renderText(bubble, msg.text, isBot);
      wrap.appendChild(bubble);
    }
    if (msg.image && isSafeUrl(msg.image)) {
      var img = document.createElement('img');
      img.src = msg.image;
      img.alt = 'Diagram fra coachen';
      img.className = 'msg-image';
      img.addEventListener('load', function () { scrollTo(lastAnchor); });
      wrap.appendChild(img);
    }
    // Files to download, e.g. the plan as HTML and as PDF; one per link.
    var files = Array.isArray(msg.attachments) ? msg.attachments
      : (msg.attachment ? [msg.attachment] : []);
    files.forEach(function (attachment) {
      if (!attachment || !isSafeUrl(attachment.url)) { return; }
      var file = document.createElement('a');
      file.href = attachment.url;
      file.className = 'msg-file';
      file.setAttribute('download', '');
      file.textContent = attachment.title || 'Hent filen';
      wrap.appendChild(file);
    });
    if (isBot && Array.isArray(msg.buttons) && msg.buttons.length) {
      var group = document.createElement('div');
      group.className = 'buttons';
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', 'Svarmuligheder');
      msg.buttons.forEach(function (b) {
        var btn = document.createElement('button');
        btn.type = 'button';
        btn.textContent = b.title;
        btn.addEventListener('click', function () {
          if (busy || btn.disabled) { return; }
          btn.classList.add('chosen');
          send({ text: b.title, payload: b.payload }, b.title, true);
        });
        group.appendChild(btn);
      });
      wrap.appendChild(group);
    }
    els.messages.appendChild(wrap);
    return wrap;
  }

  function disableChoices() {
    var btns = els.messages.querySelectorAll('.msg .buttons button');
    for (var i = 0; i < btns.length; i++) { btns[i].disabled = true; }
  }

  /* Show as much of the new content as possible, starting at `anchor`. */
  function scrollTo(anchor) {
    lastAnchor = anchor;
    els.messages.scrollTop = anchor ? anchor.offsetTop - 12 : els.messages.scrollHeight;
  }

  function setBusy(on, quiet) {
    busy = on;
    els.send.disabled = on;
    els.typing.hidden = !on || !!quiet;
  }

  /* Send text or a button payload. `shown` is the text for the user bubble (null = silent).
   * Focus goes to the input afterwards, except for the silent greeting and for button
   * presses on touch screens (to avoid popping up the on-screen keyboard). */
  function send(body, shown, fromButton) {
    if (busy) { return; }
    var refocus = !!shown && !(fromButton && window.matchMedia('(pointer: coarse)').matches);
    disableChoices();
    var userEl = shown ? addMessage({ from: 'user', text: shown }) : null;
    scrollTo(userEl);
    setBusy(true);
    if (refocus) { els.input.focus(); }
    postMessage(body).then(function (data) {
      showError('');
      var first = null;
      (data.messages || []).forEach(function (m) {
        var el = addMessage(m);
        first = first || el;
      });
      scrollTo(userEl || first);
      renderPanel(data.panel);
    }).catch(function (err) {
      showError(err.message);
      if (userEl) {
        userEl.classList.add('failed');
        var note = document.createElement('span');
        note.className = 'failed-note';
        note.textContent = 'Ikke sendt';
        userEl.appendChild(note);
        if (!fromButton && !els.input.value) { els.input.value = shown; }
      }
      scrollTo(userEl);
    }).then(function () {
      setBusy(false);
      var active = document.activeElement;
      if (refocus && (!active || active === document.body || active === els.input)) { els.input.focus(); }
    });
  }

  /* ---------- Panel ---------- */

  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function renderPanel(p) {
    if (!p || typeof p !== 'object') { return; }
    var team = p.team;
    els.teamName.textContent = team ? team.name : 'I er ikke et team endnu';
    els.teamCode.textContent = team ? team.code : '';
    els.teamCodeLine.hidden = !team;
    els.teamHint.hidden = !!team;

    clear(els.steps);
    (p.steps || []).forEach(function (s) {
      var li = el('li', 'step step-' + s.state);
      li.appendChild(el('span', 'step-label', s.label));
      var tag = { done: 'færdig', current: 'nu' }[s.state];
      if (tag) { li.appendChild(el('span', 'step-tag', '(' + tag + ')')); }
      if (s.state === 'current') { li.setAttribute('aria-current', 'step'); }
      els.steps.appendChild(li);
    });

    clear(els.problems);
    // The server sends the problems most important first.
    var problems = p.problems || [];
    problems.forEach(function (pr) {
      var li = el('li', 'problem');
      li.appendChild(el('span', 'problem-text', pr.text));
      if (pr.theme) { li.appendChild(el('span', 'problem-theme', 'Tema: ' + pr.theme)); }
      els.problems.appendChild(li);
    });
    els.problemsEmpty.hidden = problems.length > 0;

    clear(els.plan);
    (p.plan || []).forEach(function (a) {
      var li = el('li', 'plan-row status-' + String(a.status || '').replace(/[^a-z0-9_-]/gi, ''));
      var head = el('p', 'plan-what');
      head.appendChild(el('span', 'plan-nr', a.number + '.'));
      head.appendChild(document.createTextNode(' ' + (a.what || '')));
      li.appendChild(head);
      var dl = el('dl', 'plan-meta');
      [['Hvem', a.owner || 'Ikke aftalt'], ['Frist', a.deadline || 'Ingen frist'],
       ['Status', a.status_label || a.status || '']].forEach(function (pair) {
        var row = el('div');
        row.appendChild(el('dt', null, pair[0]));
        row.appendChild(el('dd', null, pair[1]));
        dl.appendChild(row);
      });
      li.appendChild(dl);
      els.plan.appendChild(li);
    });
    els.planEmpty.hidden = (p.plan || []).length > 0;

    clear(els.followup);
    var f = p.next_followup;
    if (f) {
      els.followup.appendChild(el('strong', 'followup-when', f.when || ''));
      if (f.label) {
        els.followup.appendChild(document.createElement('br'));
        els.followup.appendChild(el('span', 'followup-label', f.label));
      }
    } else {
      els.followup.textContent = 'Ikke aftalt endnu';
    }
  }

  function pollPanel() {
    if (busy || document.visibilityState !== 'visible') { return; }
    request('GET', 'panel').then(renderPanel, function () { /* stille: næste forsøg om lidt */ });
  }

  /* ---------- Large text & panel toggle ---------- */

  function setLarge(on, remember) {
    document.documentElement.classList.toggle('large-text', on);
    els.large.setAttribute('aria-pressed', on ? 'true' : 'false');
    if (remember) { try { localStorage.setItem(STORAGE_KEY, on ? '1' : '0'); } catch (e) { /* ignore */ } }
  }

  function initLarge() {
    var param = new URLSearchParams(window.location.search).get('stor');
    var stored = null;
    try { stored = localStorage.getItem(STORAGE_KEY); } catch (e) { /* ignore */ }
    setLarge(param !== null ? param === '1' : stored === '1', false);
    els.large.addEventListener('click', function () {
      setLarge(els.large.getAttribute('aria-pressed') !== 'true', true);
      scrollTo(null);
    });
  }

  function initToggle() {
    els.toggle.addEventListener('click', function () {
      var open = els.toggle.getAttribute('aria-expanded') !== 'true';
      els.toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      els.toggle.textContent = open ? 'Skjul overblik' : 'Vis overblik';
      els.section.classList.toggle('open', open);
    });
  }

  /* ---------- Log out ---------- */

  /* Two presses, so that a stray click on a shared screen does not end the session. The
   * server ends the session for good: the old cookie no longer opens the conversation. */
  function initLogout() {
    var LABEL = 'Log ud';
    var armed = null;
    function disarm() {
      if (armed) { window.clearTimeout(armed); }
      armed = null;
      els.logout.textContent = LABEL;
    }
    els.logout.addEventListener('click', function () {
      if (!armed) {
        els.logout.textContent = 'Tryk igen for at logge ud';
        armed = window.setTimeout(disarm, 5000);
        return;
      }
      disarm();
      els.logout.disabled = true;
      request('POST', 'logout', {}).then(function () {
        clear(els.messages);
        renderPanel({});
        addMessage({ from: 'bot', text: 'I er logget ud på denne skærm. Intet er slettet. ' +
          'En ny samtale begynder, når I skriver igen.' });
        showError('');
        scrollTo(null);
      }, function (err) {
        showError(err.message);
      }).then(function () { els.logout.disabled = false; });
    });
  }

  /* ---------- Input ---------- */

  function updateHint() {
    var n = els.input.value.length;
    els.hint.textContent = n >= MAX_CHARS
      ? 'Du har nået grænsen på ' + MAX_CHARS + ' tegn. Del gerne beskeden op i flere.'
      : (n >= MAX_CHARS - 100 ? (MAX_CHARS - n) + ' tegn tilbage.' : '');
  }

  function initForm() {
    els.input.maxLength = MAX_CHARS;
    els.input.addEventListener('input', updateHint);
    els.form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var text = els.input.value.trim();
      if (busy || !text) { return; }
      els.input.value = '';
      updateHint();
      send({ text: text }, text, false);
    });
  }

  /* ---------- Start ---------- */

  function start() {
    initLarge();
    initToggle();
    initForm();
    initLogout();
    setBusy(true, true);
    request('POST', 'session', {}).then(function (data) {
      setBusy(false);
      var msgs = data.messages || [];
      var lastUser = -1;
      msgs.forEach(function (m, i) { if (m.from === 'user') { lastUser = i; } });
      msgs.forEach(function (m, i) {
        var node = addMessage(m);
        if (i < lastUser) {
          var old = node.querySelectorAll('.buttons button');
          for (var j = 0; j < old.length; j++) { old[j].disabled = true; }
        }
      });
      scrollTo(null);
      renderPanel(data.panel);
      if (!msgs.length) { send({ text: '/greet', payload: '/greet' }, null, false); }
    }).catch(function (err) {
      setBusy(false);
      showError(err.message);
    });
    window.setInterval(pollPanel, POLL_MS);
    document.addEventListener('visibilitychange', pollPanel);
  }

  start();
})();

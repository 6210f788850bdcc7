// Ficus migration console: the few things htmx does not do by itself. No framework; htmx makes every request.
//  - sign-in: an operator credential (X-API-Key or Bearer token) kept in this tab's sessionStorage and sent as a
//    header on every request htmx makes to this origin; never a cookie, so no other site can make the browser send it
//  - the extension "ficus-json": forms send JSON bodies to the admin API (text areas in data-lines: one entry a line;
//    a name a.b: member b of object a)
//  - answers of actions and refusals (problem+json) shown in the page; panels refreshed after an action
//  - tabs: one panel at a time (location hash); hidden panels and hidden tabs do not poll
(function () {
  'use strict';
  var KEY = 'ficus.console.credential';

  function credential() {
    try { return JSON.parse(sessionStorage.getItem(KEY)); } catch (e) { return null; }
  }

  function notice(text, kind) {
    var el = document.getElementById('notice');
    if (el) { el.textContent = text || ''; el.className = kind || ''; }
  }

  function problemText(xhr) {
    try {
      var p = JSON.parse(xhr.responseText);
      return xhr.status + ' ' + (p.title || '') + (p.detail ? ': ' + p.detail : '');
    } catch (e) {
      return xhr.status + ' ' + xhr.statusText;
    }
  }

  // Polls only what a person can see.
  window.ficusLive = function (elt) {
    return document.visibilityState === 'visible' && !elt.closest('[hidden]');
  };

  htmx.defineExtension('ficus-json', {
    onEvent: function (name, evt) {
      if (name === 'htmx:configRequest') { evt.detail.headers['Content-Type'] = 'application/json'; }
    },
    encodeParameters: function (xhr, parameters, elt) {
      var body = {};
      elt = (elt.closest && elt.closest('form')) || elt;   // a button sends its form's fields
      var arrays = ((elt.dataset && elt.dataset.arrays) || '').split(',');
      var lines = ((elt.dataset && elt.dataset.lines) || '').split(',');
      parameters.forEach(function (value, name) {
        if (lines.indexOf(name) >= 0) {   // a text area, one entry per line (empty: none)
          body[name] = String(value).split(/\r?\n/).map(function (l) { return l.trim(); }).filter(Boolean);
          return;
        }
        if (value === '') { return; }
        var input = elt.querySelector('[name="' + name + '"]');
        // JSON types as the admin API reads them (strictly): numbers as numbers, a ticked "true" box as true
        var v = input && (input.type === 'number' || input.dataset.json === 'number') ? Number(value)
          : input && input.type === 'checkbox' && value === 'true' ? true : value;
        var dot = name.indexOf('.');
        if (dot > 0) {   // "noiseLearning.enabled" is the member enabled of the object noiseLearning
          (body[name.substring(0, dot)] = body[name.substring(0, dot)] || {})[name.substring(dot + 1)] = v;
        } else if (arrays.indexOf(name) >= 0) { (body[name] = body[name] || []).push(v); } else { body[name] = v; }
      });
      arrays.forEach(function (name) { if (name && !body[name]) { body[name] = []; } });
      if (elt.dataset && elt.dataset.steps) {
        // a rollout plan typed as "1, 5, 25": each step at least pauseMinutes, optionally waiting for a promote
        var percents = String(body.steps || '').split(/[\s,;]+/).filter(Boolean).map(Number);
        var pauseMs = (body.pauseMinutes || 0) * 60000;
        var wait = body.pause === true;
        delete body.pauseMinutes;
        delete body.pause;
        if (percents.length) {
          body.steps = percents.map(function (p) { return { percent: p, pauseMs: pauseMs, pause: wait }; });
        } else {
          delete body.steps;
        }
      }
      xhr.overrideMimeType('text/json');
      return JSON.stringify(body);
    }
  });

  document.addEventListener('htmx:configRequest', function (evt) {
    var c = credential();
    if (!c || !c.value || !evt.detail.path.startsWith('/')) { return; }
    if (c.kind === 'bearer') {
      evt.detail.headers['Authorization'] = 'Bearer ' + c.value;
    } else {
      evt.detail.headers['X-API-Key'] = c.value;
    }
  });

  document.addEventListener('htmx:afterRequest', function (evt) {
    var xhr = evt.detail.xhr;
    var verb = evt.detail.requestConfig && evt.detail.requestConfig.verb;
    // an action is a change sent to the admin API; a GET inside its form (a message's "View") is not
    var form = verb && verb !== 'get' && evt.detail.elt.closest && evt.detail.elt.closest('form[data-action]');
    if (form) {
      var out = form.querySelector('output');
      if (evt.detail.successful) {
        var summary = form.dataset.action === 'move' ? 'done' : xhr.responseText;
        try {
          var answer = JSON.parse(xhr.responseText);
          summary = answer.label ? 'now ' + answer.label
            : answer.status ? 'rollout ' + answer.status
            : answer.compareOrigin ? 'rules from ' + answer.compareOrigin.source + ', version ' + answer.compareOrigin.version
            : Object.keys(answer).map(function (k) {
              return k + ': ' + (Array.isArray(answer[k]) ? answer[k].length : answer[k]);
            }).join(', ');
        } catch (e) { /* not JSON: keep the text */ }
        if (out) { out.textContent = summary; out.className = 'result ok'; }
        // the form may be part of a panel the refresh below replaces: the answer stays in the navigation bar too
        var last = document.getElementById('last-action');
        if (last) { last.textContent = new Date().toLocaleTimeString() + ' ' + summary; }
        // keep the choices (state, steps) for the next action; a reason is given again each time
        form.querySelectorAll('input[name=reason]').forEach(function (input) { input.value = ''; });
        htmx.trigger(document.body, 'ficus:refresh');
      } else if (out) {
        out.textContent = problemText(xhr);
        out.className = 'result refused';
      }
      return;
    }
    if (xhr.status === 401) {
      notice('401: sign in with an operator API key or token (role operator)', 'refused');
    } else if (xhr.status === 403) {
      notice('403: this credential lacks role operator', 'refused');
    } else if (evt.detail.failed && xhr.status === 0) {
      notice('Ficus does not answer', 'refused');
    } else if (evt.detail.successful) {
      notice('updated ' + new Date().toLocaleTimeString(), 'ok');
    }
  });

  function showTab() {
    var id = (location.hash || '#ledger').substring(1);
    var panels = document.querySelectorAll('main > section.panel');
    var found = Array.prototype.some.call(panels, function (p) { return p.id === id; });
    panels.forEach(function (p) { p.hidden = found ? p.id !== id : p.id !== 'ledger'; });
    document.querySelectorAll('nav a').forEach(function (a) {
      a.classList.toggle('current', a.getAttribute('href') === '#' + (found ? id : 'ledger'));
    });
    htmx.trigger(document.body, 'ficus:refresh');
  }

  function showWho() {
    var c = credential();
    var who = document.getElementById('who');
    if (who) { who.textContent = c ? 'using a ' + (c.kind === 'bearer' ? 'bearer token' : 'key') : 'no credential (loopback only)'; }
  }

  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('sign-in');
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var value = form.elements.value.value.trim();
      if (value) { sessionStorage.setItem(KEY, JSON.stringify({ kind: form.elements.kind.value, value: value })); }
      form.elements.value.value = '';
      showWho();
      notice('');
      htmx.trigger(document.body, 'ficus:refresh');
    });
    document.getElementById('sign-out').addEventListener('click', function () {
      sessionStorage.removeItem(KEY);
      showWho();
      htmx.trigger(document.body, 'ficus:refresh');
    });
    window.addEventListener('hashchange', showTab);
    showWho();
    showTab();
  });
})();

// Readers' engagement, enhanced: every form here works without this script (it posts and comes
// back to the same place); with it, answers are sent in the background and shown in place.
(function () {
  'use strict';

  function enhanceReaction(form) {
    form.addEventListener('submit', function (event) {
      var button = event.submitter;
      if (!button || !window.fetch || form.dataset.plain === 'true') {
        return;
      }
      event.preventDefault();
      var body = new URLSearchParams();
      body.append(button.name, button.value);
      fetch(form.action, {
        method: 'POST',
        body: body,
        credentials: 'same-origin',
        headers: { Accept: 'application/json' }
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error('HTTP ' + response.status);
          }
          return response.json();
        })
        .then(function (tally) {
          showAnswer(form, tally);
        })
        .catch(function () {
          // Let the browser post the form itself, so the reader sees the server's answer.
          form.dataset.plain = 'true';
          form.requestSubmit(button);
        });
    });
  }

  // Counts exactly as the server does: line breaks as one "\n", control characters other than
  // tab and newline dropped, NFC, then Unicode scalar values (not UTF-16 units, as maxlength would).
  function countChars(text) {
    var normal = text
      .replace(/\r\n?/g, '\n')
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
      .normalize('NFC');
    return Array.from(normal).length;
  }

  // Numbers in the digits the edition writes everywhere (set in the newsroom, on <html>),
  // whichever digits the text came with.
  function localDigits(number) {
    var text = String(number);
    return document.documentElement.dataset.numerals === 'arabic-indic'
      ? text.replace(/[0-9]/g, function (d) { return String.fromCharCode(0x0660 + Number(d)); })
      : text.replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); });
  }

  function enhanceCounter(textarea) {
    var counter = document.getElementById(textarea.getAttribute('aria-describedby').split(' ')[0]);
    var shown = counter && counter.querySelector('[data-counter]');
    if (!shown) {
      return;
    }
    var max = Number(textarea.dataset.maxChars);
    function update() {
      var left = max - countChars(textarea.value);
      shown.textContent = localDigits(left);
      counter.classList.toggle('counter-over', left < 0);
    }
    textarea.addEventListener('input', update);
    update();
  }

  function enhanceReplies(form) {
    var field = form.querySelector('[data-reply-field]');
    var note = form.querySelector('[data-replying-to]');
    document.querySelectorAll('a[data-reply]').forEach(function (link) {
      link.addEventListener('click', function (event) {
        event.preventDefault();
        field.value = link.dataset.reply;
        note.textContent = note.dataset.template.replace('{name}', link.dataset.replyName);
        note.hidden = false;
        form.querySelector('textarea').focus();
      });
    });
  }

  function showAnswer(form, tally) {
    form.querySelectorAll('button[name="vote"]').forEach(function (choice) {
      choice.setAttribute('aria-pressed', String(choice.value === tally.mine));
    });
    var result = form.parentElement.querySelector('.reaction-result');
    result.textContent = localDigits(tally.message);
    result.hidden = false;
  }

  // The page is the same for every reader; a browser marked as holding a reader identity asks
  // for the reader's own part: their answer, and their comments others do not see yet.
  function showMine(section) {
    if (!window.fetch || !/(^|;\s*)dl_mine=/.test(document.cookie)) {
      return;
    }
    fetch(section.dataset.mine, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (mine) {
        if (!mine) {
          return;
        }
        var form = section.querySelector('form.reaction-form');
        if (mine.reaction && form) {
          showAnswer(form, mine.reaction);
        }
        var comments = document.getElementById('comments');
        if (mine.own_comments_html && comments) {
          var list = comments.querySelector('.comment-list');
          if (!list) {
            list = document.createElement('ol');
            list.className = 'comment-list';
            comments.querySelector('.comments-heading').insertAdjacentElement('afterend', list);
          }
          // Markup the server rendered from its own template, with the comment text made safe.
          list.insertAdjacentHTML('beforeend', mine.own_comments_html);
        }
      })
      .catch(function () {
        // The shared page stays as it is.
      });
  }

  document.querySelectorAll('section[data-mine]').forEach(showMine);
  document.querySelectorAll('form.reaction-form').forEach(enhanceReaction);
  document.querySelectorAll('textarea[data-max-chars]').forEach(enhanceCounter);
  document.querySelectorAll('form.comment-form').forEach(enhanceReplies);
})();

// The story editor's help: toolbar and keys, photos dropped, pasted or chosen, the live length,
// and autosave. Every form works without it.
(function () {
  'use strict';
  var form = document.querySelector('form.story-form');
  if (!form) {
    return;
  }
  var editor = form.closest('.editor') || form;
  var body = form.querySelector('#story-body');
  var say = editor.dataset;
  var lang = document.documentElement.lang;

  // The slug the server will make from the headline when the slug is left empty.
  var headline = document.getElementById('story-headline');
  var slug = document.getElementById('story-slug');
  function slugPreview(text) {
    return text
      .normalize('NFC')
      .toLowerCase()
      .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '');
  }
  function showSlug() {
    slug.placeholder = slugPreview(headline.value);
  }
  if (headline && slug) {
    headline.addEventListener('input', showSlug);
    showSlug();
  }

  if (!body) {
    return;
  }

  // ---- The length, counted as the server counts it (crates/render/src/words.rs). ----
  var WORDS_PER_MINUTE = 230;
  var letter = /[\p{Alphabetic}\p{N}]/u;
  var joiner = /[\u0300-\u036F\u064B-\u065F\u0670\u0640'\u2019-]/;
  function wordsIn(text) {
    var count = 0;
    var inWord = false;
    for (var c of text) {
      var isLetter = letter.test(c);
      var inside = inWord && joiner.test(c);
      if (isLetter && !inWord) {
        count += 1;
      }
      inWord = isLetter || inside;
    }
    return count;
  }
  function withoutLinkTargets(line) {
    var kept = '';
    var rest = line;
    var at;
    while ((at = rest.indexOf('](')) !== -1) {
      kept += rest.slice(0, at);
      var end = rest.indexOf(')', at);
      if (end === -1) {
        rest = rest.slice(at);
        break;
      }
      rest = rest.slice(end + 1);
    }
    return kept + rest;
  }
  function lengthOf(markdown) {
    var words = 0;
    var inFigure = false;
    markdown.split(/\r?\n/).forEach(function (line) {
      var trimmed = line.trimStart();
      if (trimmed.startsWith('```')) {
        inFigure = !inFigure && trimmed.replace(/^`+/, '').trim() === 'figure';
        return;
      }
      if (!inFigure) {
        words += wordsIn(withoutLinkTargets(line));
      }
    });
    return { words: words, minutes: Math.ceil(words / WORDS_PER_MINUTE) };
  }
  var lengthShown = document.getElementById('story-length');
  var plurals = new Intl.PluralRules(lang);
  function digits(n) {
    var text = String(n);
    return lang === 'ar'
      ? text.replace(/[0-9]/g, function (d) {
          return String.fromCharCode(0x0660 + Number(d));
        })
      : text;
  }
  function inWords(kind, n) {
    var category = plurals.select(n);
    var name = kind + category.charAt(0).toUpperCase() + category.slice(1);
    var text = lengthShown.dataset[name] || lengthShown.dataset[kind + 'Other'] || '';
    return text.replace('{n}', digits(n));
  }
  function showLength() {
    if (!lengthShown) {
      return;
    }
    var length = lengthOf(body.value);
    lengthShown.textContent = inWords('words', length.words) + ' · ' + inWords('minutes', length.minutes);
  }
  body.addEventListener('input', showLength);

  // ---- Writing: the toolbar and its keys. ----
  // Typed through the browser's own editing, so that undo takes it back.
  function insert(text) {
    body.focus();
    var done = false;
    try {
      done = document.execCommand('insertText', false, text);
    } catch (e) {
      done = false;
    }
    if (!done) {
      body.setRangeText(text, body.selectionStart, body.selectionEnd, 'end');
      body.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }
  function wrap(before, after, placeholder) {
    var start = body.selectionStart;
    var chosen = body.value.slice(start, body.selectionEnd) || placeholder;
    insert(before + chosen + after);
    body.setSelectionRange(start + before.length, start + before.length + chosen.length);
  }
  // Puts `prefix` before every line the selection touches.
  function prefixLines(prefix) {
    var value = body.value;
    var start = value.lastIndexOf('\n', body.selectionStart - 1) + 1;
    var end = value.indexOf('\n', body.selectionEnd);
    if (end === -1) {
      end = value.length;
    }
    var lines = value.slice(start, end).split('\n').map(function (line) {
      return line.startsWith(prefix) ? line : prefix + line;
    });
    body.setSelectionRange(start, end);
    insert(lines.join('\n'));
  }
  function link() {
    var start = body.selectionStart;
    var chosen = body.value.slice(start, body.selectionEnd);
    var address = 'https://';
    insert('[' + chosen + '](' + address + ')');
    var at = start + chosen.length + 3;
    body.setSelectionRange(at, at + address.length);
  }
  var tools = {
    heading: function () { prefixLines('## '); },
    bold: function () { wrap('**', '**', ''); },
    italic: function () { wrap('*', '*', ''); },
    link: link,
    quote: function () { prefixLines('> '); },
    list: function () { prefixLines('- '); },
    figure: function () { openPhotos(null); }
  };
  var toolbar = form.querySelector('.editor-toolbar');
  if (toolbar) {
    toolbar.hidden = false;
    toolbar.addEventListener('click', function (event) {
      var button = event.target.closest('button[data-tool]');
      if (button && tools[button.dataset.tool]) {
        tools[button.dataset.tool]();
      }
    });
  }
  body.addEventListener('keydown', function (event) {
    if (!(event.ctrlKey || event.metaKey)) {
      return;
    }
    var tool = null;
    if (event.altKey && event.code === 'Digit2') {
      tool = 'heading';
    } else if (event.shiftKey && event.code === 'Digit9') {
      tool = 'quote';
    } else if (event.shiftKey && event.code === 'Digit8') {
      tool = 'list';
    } else if (event.shiftKey && event.code === 'KeyP') {
      tool = 'figure';
    } else if (!event.shiftKey && !event.altKey) {
      tool = { KeyB: 'bold', KeyI: 'italic', KeyK: 'link' }[event.code] || null;
    }
    if (tool) {
      event.preventDefault();
      tools[tool]();
    }
  });

  // ---- Photos: chosen from the library, or dropped or pasted, uploaded with their words. ----
  var dialog = document.querySelector('dialog.photo-dialog');
  var photoForm = dialog && dialog.querySelector('form[data-figure-form]');
  var fileInput = photoForm && photoForm.querySelector('input[type=file]');
  var cursor = null;
  function openPhotos(files) {
    if (!dialog) {
      return;
    }
    cursor = [body.selectionStart, body.selectionEnd];
    photoForm.reset();
    photoForm.querySelectorAll('[data-error]').forEach(function (error) {
      error.hidden = true;
      error.textContent = '';
    });
    if (files) {
      fileInput.files = files;
    }
    dialog.showModal();
    (files ? photoForm.querySelector('[name=alt]') : fileInput).focus();
  }
  function placeFigure(block) {
    dialog.close();
    body.focus();
    if (cursor) {
      body.setSelectionRange(cursor[0], cursor[1]);
    }
    // A figure is a block of its own: it goes after the line the cursor is on.
    var lineEnd = body.value.indexOf('\n', body.selectionEnd);
    var at = lineEnd === -1 ? body.value.length : lineEnd;
    body.setSelectionRange(at, at);
    var before = body.value.slice(0, at);
    var lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
    insert(lead + block + '\n\n');
  }
  function showErrors(errors) {
    photoForm.querySelectorAll('[data-error]').forEach(function (slot) {
      var message = errors[slot.dataset.error];
      slot.hidden = !message;
      slot.textContent = message || '';
    });
  }
  if (photoForm) {
    photoForm.addEventListener('submit', function (event) {
      if (!event.submitter || event.submitter.value !== 'upload') {
        return;
      }
      event.preventDefault();
      var sent = new FormData(photoForm);
      sent.append('csrf', form.elements.csrf.value);
      showErrors({ file: say.sayUploading });
      fetch(editor.dataset.insert, { method: 'POST', body: sent, credentials: 'same-origin' })
        .then(function (response) {
          return response.json().then(function (answer) {
            if (response.ok && answer.block) {
              placeFigure(answer.block);
            } else {
              showErrors(answer.errors || {});
            }
          });
        })
        .catch(function () {
          showErrors({ file: say.sayUploadFailed });
        });
    });
    dialog.addEventListener('click', function (event) {
      var choice = event.target.closest('button.photo-choice');
      if (choice) {
        placeFigure(choice.dataset.block);
      }
    });
  }
  function pictures(transfer) {
    if (!transfer || !transfer.files || transfer.files.length === 0) {
      return null;
    }
    var file = transfer.files[0];
    if (!file.type.startsWith('image/')) {
      return null;
    }
    var one = new DataTransfer();
    one.items.add(file);
    return one.files;
  }
  body.addEventListener('dragover', function (event) {
    if (dialog && event.dataTransfer && Array.from(event.dataTransfer.types).indexOf('Files') !== -1) {
      event.preventDefault();
    }
  });
  body.addEventListener('drop', function (event) {
    var files = dialog && pictures(event.dataTransfer);
    if (files) {
      event.preventDefault();
      openPhotos(files);
    }
  });
  body.addEventListener('paste', function (event) {
    var files = dialog && pictures(event.clipboardData);
    if (files) {
      event.preventDefault();
      openPhotos(files);
    }
  });

  // ---- Autosave: a copy kept on the server a few seconds after typing stops. ----
  var status = form.querySelector('.autosave-status');
  var unsaved = false;
  var sending = false;
  var stopped = false;
  var timer = null;
  var AFTER_TYPING_MS = 3000;
  var RETRY_MS = 15000;
  function later(ms) {
    clearTimeout(timer);
    timer = setTimeout(keep, ms);
  }
  function tell(message, trouble) {
    status.textContent = message;
    status.classList.toggle('autosave-trouble', Boolean(trouble));
  }
  function keep() {
    if (!unsaved || sending || stopped || !editor.dataset.autosave) {
      return;
    }
    sending = true;
    unsaved = false;
    tell(say.saySaving, false);
    var sent = new URLSearchParams(new FormData(form));
    fetch(editor.dataset.autosave, {
      method: 'POST',
      body: sent,
      credentials: 'same-origin',
      headers: { Accept: 'application/json' }
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          tell(answer.message, !answer.kept);
          if (!answer.kept) {
            unsaved = true;
            // A newer save by someone else or a story gone does not change by retrying.
            if (response.status === 409 || response.status === 404 || response.status === 403) {
              stopped = true;
            } else {
              later(RETRY_MS);
            }
          }
        });
      })
      .catch(function () {
        unsaved = true;
        tell(say.sayOffline, true);
        later(RETRY_MS);
      })
      .finally(function () {
        sending = false;
        if (typedMeanwhile && !stopped) {
          later(AFTER_TYPING_MS);
        }
        typedMeanwhile = false;
      });
  }
  var typedMeanwhile = false;
  function typed() {
    unsaved = true;
    typedMeanwhile = sending;
    later(AFTER_TYPING_MS);
  }
  editor.addEventListener('input', typed);
  editor.addEventListener('change', typed);

  // The preview's frame shows once there is something in it.
  var previewSection = document.getElementById('preview');
  if (previewSection) {
    previewSection.hidden = true;
  }

  // Warn before leaving with words neither saved nor kept.
  var submitting = false;
  form.addEventListener('submit', function (event) {
    var preview = event.submitter && event.submitter.getAttribute('formtarget');
    if (preview) {
      if (previewSection) {
        previewSection.hidden = false;
        previewSection.scrollIntoView();
      }
    } else {
      submitting = true;
    }
  });
  window.addEventListener('beforeunload', function (event) {
    if ((unsaved || sending) && !submitting) {
      event.preventDefault();
    }
  });
})();

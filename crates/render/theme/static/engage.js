// Readers' engagement, enhanced: every form here works without this script (it posts and comes
// back to the same place); with it, answers are sent in the background and shown in place.
(function () {
  'use strict';

  function enhanceReaction(form) {
    var result = form.parentElement.querySelector('.reaction-result');
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
          form.querySelectorAll('button[name="vote"]').forEach(function (choice) {
            choice.setAttribute('aria-pressed', String(choice.value === tally.mine));
          });
          result.textContent = tally.message;
          result.hidden = false;
        })
        .catch(function () {
          // Let the browser post the form itself, so the reader sees the server's answer.
          form.dataset.plain = 'true';
          form.requestSubmit(button);
        });
    });
  }

  document.querySelectorAll('form.reaction-form').forEach(enhanceReaction);
})();

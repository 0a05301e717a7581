// A little help in the story editor; every form works without it.
(function () {
  'use strict';
  var form = document.querySelector('form.story-form');
  if (!form) {
    return;
  }

  // The slug the server will make from the headline when the slug is left empty.
  var headline = form.querySelector('#story-headline');
  var slug = form.querySelector('#story-slug');
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

  // Warn before leaving with changes that were not saved.
  var changed = false;
  form.addEventListener('input', function () {
    changed = true;
  });
  form.addEventListener('submit', function () {
    changed = false;
  });
  window.addEventListener('beforeunload', function (event) {
    if (changed) {
      event.preventDefault();
    }
  });
})();

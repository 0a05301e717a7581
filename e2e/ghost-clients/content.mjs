// Drives Ghost's official Content API client against a running Dateline, as a front-end
// would: `node content.mjs http://127.0.0.1:PORT CONTENT_KEY`. Prints one line per check and
// exits non-zero at the first that fails.
import GhostContentAPI from '@tryghost/content-api';
import assert from 'node:assert/strict';

const [url, key] = process.argv.slice(2);
const api = new GhostContentAPI({url, key, version: 'v6.0'});

async function check(what, body) {
    await body();
    console.log(`ok ${what}`);
}

await check('browse posts with tags and authors, a page at a time, oldest first', async () => {
    const first = await api.posts.browse({limit: 3, page: 1, include: 'tags,authors', order: 'published_at asc'});
    assert.equal(first.length, 3);
    assert.equal(first.meta.pagination.page, 1);
    assert.equal(first.meta.pagination.next, 2);
    assert.ok(first[0].published_at <= first[1].published_at, 'oldest first');
    assert.ok(Array.isArray(first[0].authors) && first[0].primary_author.name, 'authors included');
    assert.ok(Array.isArray(first[0].tags), 'tags included');
    const second = await api.posts.browse({limit: 3, page: 2, order: 'published_at asc'});
    assert.notEqual(second[0].id, first[2].id, 'page 2 follows page 1');
});

await check('a browse of one item is still a list', async () => {
    const one = await api.posts.browse({limit: 1});
    assert.ok(Array.isArray(one) && one.length === 1 && one.meta.pagination.limit === 1);
});

await check('read a post by slug and by id', async () => {
    const bySlug = await api.posts.read({slug: 'ferry-service-returns-to-the-sahl-river'}, {formats: ['html', 'plaintext']});
    assert.equal(bySlug.slug, 'ferry-service-returns-to-the-sahl-river');
    assert.ok(bySlug.html.length > 0 && bySlug.plaintext.length > 0);
    const byId = await api.posts.read({id: bySlug.id});
    assert.equal(byId.title, bySlug.title);
});

await check('a filter narrows the posts', async () => {
    const posts = await api.posts.browse({filter: 'slug:[ferry-service-returns-to-the-sahl-river]+published_at:<now+1d'});
    assert.equal(posts.length, 1);
    assert.equal(posts.meta.pagination.total, 1);
    await assert.rejects(api.posts.browse({filter: 'tag:[news'}), (error) => error.name === 'BadRequestError');
});

await check('fields narrow each post', async () => {
    const posts = await api.posts.browse({limit: 2, fields: 'title,url'});
    assert.deepEqual(Object.keys(posts[0]).sort(), ['title', 'url']);
});

await check('tags and authors with their counts', async () => {
    const tags = await api.tags.browse({limit: 'all', include: 'count.posts'});
    assert.ok(tags.length > 0 && tags[0].count.posts >= 1);
    const tag = await api.tags.read({slug: tags[0].slug});
    assert.equal(tag.id, tags[0].id);
    const authors = await api.authors.browse({include: 'count.posts'});
    assert.ok(authors.length > 0 && authors[0].count.posts >= 1);
    const author = await api.authors.read({id: authors[0].id});
    assert.equal(author.slug, authors[0].slug);
});

await check('settings', async () => {
    const settings = await api.settings.browse();
    assert.ok(settings.title && settings.url.endsWith('/'));
});

await check('a missing post is the client\'s NotFoundError', async () => {
    await assert.rejects(api.posts.read({slug: 'no-such-story'}), (error) => error.name === 'NotFoundError');
});

await check('a wrong key is refused with Ghost\'s error', async () => {
    const wrong = new GhostContentAPI({url, key: '0123456789abcdef0123456789', version: 'v6.0'});
    await assert.rejects(wrong.posts.browse(), (error) => error.name === 'UnauthorizedError'
        && error.message === 'Unknown Content API Key');
});

await check('static pages, listed and read by slug', async () => {
    const pages = await api.pages.browse({edition: 'en'});
    assert.ok(pages.length >= 2 && pages.every((page) => page.edition === 'en'));
    const about = await api.pages.read({slug: 'about'});
    assert.equal(about.slug, 'about');
    assert.ok(about.html.length > 0);
});

// Drives Ghost's official Admin API client against a running Dateline, as a publishing script
// would: `node admin.mjs http://127.0.0.1:PORT ADMIN_KEY CONTENT_KEY`. Prints one line per
// check and exits non-zero at the first that fails.
import GhostAdminAPI from '@tryghost/admin-api';
import GhostContentAPI from '@tryghost/content-api';
import FormData from 'form-data';
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync, createReadStream} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {crc32, deflateSync} from 'node:zlib';

const [url, adminKey, contentKey] = process.argv.slice(2);
const admin = new GhostAdminAPI({url, key: adminKey, version: 'v6.0'});
const content = new GhostContentAPI({url, key: contentKey, version: 'v6.0'});

async function check(what, body) {
    await body();
    console.log(`ok ${what}`);
}

/// A small PNG of stripes, made here so the test needs no file of its own.
function png(width, height) {
    const chunk = (type, data) => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(data.length);
        const typed = Buffer.concat([Buffer.from(type), data]);
        const crc = Buffer.alloc(4);
        crc.writeUInt32BE(crc32(typed));
        return Buffer.concat([length, typed, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header.set([8, 2, 0, 0, 0], 8);
    const rows = [];
    for (let y = 0; y < height; y += 1) {
        rows.push(Buffer.from([0]));
        const row = Buffer.alloc(width * 3);
        for (let x = 0; x < width; x += 1) {
            row.set([(x * 3) % 256, (y * 5) % 256, 140], x * 3);
        }
        rows.push(row);
    }
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', header),
        chunk('IDAT', deflateSync(Buffer.concat(rows))),
        chunk('IEND', Buffer.alloc(0)),
    ]);
}

let draft;
let imageUrl;

await check('add a draft from HTML', async () => {
    draft = await admin.posts.add(
        {title: 'Night buses return to the coast road', html: '<p>Three routes run again <em>from Friday</em>.</p>', tags: ['Transport']},
        {source: 'html'},
    );
    assert.equal(draft.status, 'draft');
    assert.ok(draft.html.includes('<em>from Friday</em>'), draft.html);
    assert.equal(draft.tags[0].name, 'Transport');
});

await check('edit it with the updated_at last read', async () => {
    const edited = await admin.posts.edit({id: draft.id, title: 'Night buses return to the coast road on Friday', updated_at: draft.updated_at});
    assert.equal(edited.title, 'Night buses return to the coast road on Friday');
    assert.notEqual(edited.updated_at, draft.updated_at);
});

await check('an edit from a stale copy is the client\'s UpdateCollisionError', async () => {
    await assert.rejects(
        admin.posts.edit({id: draft.id, title: 'An older idea of the headline', updated_at: draft.updated_at}),
        (error) => error.name === 'UpdateCollisionError' && error.details.changed.includes('title'),
    );
    draft = await admin.posts.read({id: draft.id});
    assert.equal(draft.title, 'Night buses return to the coast road on Friday');
});

await check('upload an image, with the alt text Dateline asks for', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dateline-admin-'));
    const file = join(folder, 'coast-road.png');
    writeFileSync(file, png(320, 200));
    const form = new FormData();
    form.append('file', createReadStream(file));
    form.append('purpose', 'image');
    form.append('ref', 'coast-road.png');
    form.append('alt', 'A night bus on the coast road');
    const image = await admin.images.upload(form);
    assert.ok(image.url.includes('/media/'), image.url);
    assert.equal(image.ref, 'coast-road.png');
    imageUrl = image.url;
    await assert.rejects(admin.images.upload({file}), (error) => error.name === 'ValidationError');
});

await check('publish it, with the image leading', async () => {
    const published = await admin.posts.edit({id: draft.id, status: 'published', feature_image: imageUrl, updated_at: draft.updated_at});
    assert.equal(published.status, 'published');
    assert.equal(published.feature_image, imageUrl);
    draft = published;
});

await check('the published post reads through the Content API and on the site', async () => {
    const read = await content.posts.read({id: draft.id});
    assert.equal(read.title, 'Night buses return to the coast road on Friday');
    const page = await fetch(read.url.replace(/^https?:\/\/[^/]+/, url));
    assert.equal(page.status, 200);
    assert.ok((await page.text()).includes('Night buses return to the coast road on Friday'));
});

await check('browse lists the newsroom\'s posts, latest changed first', async () => {
    const posts = await admin.posts.browse({limit: 2});
    assert.equal(posts.length, 2);
    assert.equal(posts[0].id, draft.id);
    assert.ok(posts.meta.pagination.total > 2);
});

await check('delete a draft; a wrong key is refused', async () => {
    const doomed = await admin.posts.add({title: 'A note nobody needs', markdown: 'Scratch.'});
    await admin.posts.delete({id: doomed.id});
    await assert.rejects(admin.posts.read({id: doomed.id}), (error) => error.name === 'NotFoundError');
    const wrong = new GhostAdminAPI({url, key: `${'0'.repeat(24)}:${'a'.repeat(64)}`, version: 'v6.0'});
    await assert.rejects(wrong.posts.browse(), (error) => error.name === 'UnauthorizedError');
});

await check('add, edit and delete a webhook', async () => {
    const hook = await admin.webhooks.add({event: 'post.published', target_url: 'https://hooks.example.org/rebuild', secret: 'shared-secret'});
    assert.equal(hook.event, 'post.published');
    assert.equal(hook.status, 'available');
    const renamed = await admin.webhooks.edit({id: hook.id, name: 'Static rebuild'});
    assert.equal(renamed.name, 'Static rebuild');
    await admin.webhooks.delete({id: hook.id});
    await assert.rejects(admin.webhooks.add({event: 'post.exploded', target_url: 'https://hooks.example.org/x'}),
        (error) => error.name === 'ValidationError');
});

await check('add, read by slug, edit and delete a page', async () => {
    const page = await admin.pages.add({title: 'Tip line', html: '<p>Write to the desk <strong>at any hour</strong>.</p>'}, {source: 'html'});
    assert.equal(page.slug, 'tip-line');
    assert.equal(page.status, 'published');
    const read = await admin.pages.read({slug: 'tip-line'});
    assert.equal(read.id, page.id);
    const edited = await admin.pages.edit({id: page.id, title: 'Tip line and contacts', updated_at: page.updated_at});
    assert.equal(edited.title, 'Tip line and contacts');
    await assert.rejects(admin.pages.edit({id: page.id, title: 'Stale', updated_at: page.updated_at}),
        (error) => error.name === 'UpdateCollisionError');
    const site = await fetch(edited.url.replace(/^https?:\/\/[^/]+/, url));
    assert.ok((await site.text()).includes('at any hour'));
    await admin.pages.delete({id: page.id});
    await assert.rejects(admin.pages.read({id: page.id}), (error) => error.name === 'NotFoundError');
});

await check('add, rename and delete a tag; browse the authors', async () => {
    const tag = await admin.tags.add({name: 'Night transport'});
    assert.equal(tag.slug, 'night-transport');
    const renamed = await admin.tags.edit({id: tag.id, name: 'Night services'});
    assert.equal(renamed.name, 'Night services');
    const tags = await admin.tags.browse({limit: 100, filter: 'slug:night-transport'});
    assert.equal(tags.length, 1);
    await admin.tags.delete({id: tag.id});
    await assert.rejects(admin.tags.read({id: tag.id}), (error) => error.name === 'NotFoundError');
    const users = await admin.users.browse({limit: 100});
    assert.ok(users.length > 0);
    const byline = await admin.users.read({slug: users[0].slug});
    assert.equal(byline.id, users[0].id);
});

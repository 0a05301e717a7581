//! Sitemaps for search engines, a Google News sitemap, and robots.txt that points to them.

use crate::cache::{PageTag, Tagged};
use crate::{App, AppError};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use dateline_domain::Lang;
use dateline_render::{PathKind, path_for};
use dateline_store::sitemap::SitemapStory;
use std::fmt::Write;

/// Stories per sitemap file, far below the protocol's 50,000: a file of 50,000 stories with
/// their translations was 36 MB, took 1.7 s to write, and was too large for the page cache, so
/// each request for one wrote it again (bench/RESULTS.md). A thousand make about 700 KB, kept
/// in the cache like any page; a million stories take a thousand files, well within the 50,000
/// an index may list.
const STORIES_PER_SITEMAP: i64 = 1_000;
/// Google News reads the last two days, at most 1,000 stories.
const NEWS_DAYS: i64 = 2;
const NEWS_LIMIT: i64 = 1_000;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Sitemaps list the stories of both editions.
fn xml(body: String) -> Response {
    let content_type = HeaderValue::from_static("application/xml; charset=utf-8");
    let tags = vec![PageTag::Edition(Lang::En), PageTag::Edition(Lang::Ar)];
    Tagged(tags, ([(header::CONTENT_TYPE, content_type)], body)).into_response()
}

async fn base_url(app: &App) -> Result<String, AppError> {
    Ok(app
        .store
        .site_settings()
        .await?
        .map(|s| s.base_url)
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_owned())
}

fn story_url(base: &str, edition: &str, slug: &str) -> String {
    let lang: Lang = edition.parse().unwrap_or(Lang::En);
    format!("{base}{}", path_for(lang, PathKind::Article, slug))
}

/// Story sitemaps are ranges of story ids, `STORIES_PER_SITEMAP` ids each (so at most that
/// many stories): any one is read without counting or skipping the stories before it.
async fn story_files(app: &App) -> Result<i64, AppError> {
    Ok(files_for(app.store.last_story_id().await?))
}

/// How many story sitemaps there are when the last story's id is `last_id`: at least one.
fn files_for(last_id: i64) -> i64 {
    ((last_id + STORIES_PER_SITEMAP - 1) / STORIES_PER_SITEMAP).max(1)
}

pub(crate) async fn index(State(app): State<App>) -> Result<Response, AppError> {
    let base = base_url(&app).await?;
    let story_files = story_files(&app).await?;
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut names: Vec<String> = (1..=story_files).map(|n| format!("stories-{n}.xml")).collect();
    names.extend(["sections.xml", "tags.xml", "authors.xml", "pages.xml", "news.xml"].map(String::from));
    for name in names {
        let _ = writeln!(
            body,
            "<sitemap><loc>{}/sitemaps/{name}</loc></sitemap>",
            escape(&base)
        );
    }
    body.push_str("</sitemapindex>\n");
    Ok(xml(body))
}

pub(crate) async fn sitemap(State(app): State<App>, Path(name): Path<String>) -> Result<Response, AppError> {
    let base = base_url(&app).await?;
    if name == "news.xml" {
        let stories = app
            .store
            .recent_stories(Utc::now() - Duration::days(NEWS_DAYS), NEWS_LIMIT)
            .await?;
        return Ok(xml(news(&app, &base, &stories).await?));
    }
    if let Some(n) = name
        .strip_prefix("stories-")
        .and_then(|rest| rest.strip_suffix(".xml"))
    {
        let n: i64 = n.parse().ok().filter(|n| *n >= 1).ok_or(AppError::NotFound)?;
        if n > story_files(&app).await? {
            return Err(AppError::NotFound);
        }
        let stories = app
            .store
            .sitemap_stories((n - 1) * STORIES_PER_SITEMAP, n * STORIES_PER_SITEMAP)
            .await?;
        return Ok(xml(story_sitemap(&base, &stories)));
    }
    let (kind, path_kind) = match name.as_str() {
        "sections.xml" => ("sections", PathKind::Section),
        "tags.xml" => ("tags", PathKind::Tag),
        "authors.xml" => ("authors", PathKind::Author),
        "pages.xml" => ("pages", PathKind::Page),
        _ => return Err(AppError::NotFound),
    };
    let mut body = urlset_start(false);
    for (edition, slug) in app.store.sitemap_addresses(kind).await? {
        let lang: Lang = edition.parse().unwrap_or(Lang::En);
        let _ = writeln!(
            body,
            "<url><loc>{}</loc></url>",
            escape(&format!("{base}{}", path_for(lang, path_kind, &slug)))
        );
    }
    body.push_str("</urlset>\n");
    Ok(xml(body))
}

fn urlset_start(extra: bool) -> String {
    let namespaces = if extra {
        " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\""
    } else {
        ""
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"{namespaces}>\n"
    )
}

fn story_sitemap(base: &str, stories: &[SitemapStory]) -> String {
    let mut body = urlset_start(true);
    for story in stories {
        let url = story_url(base, &story.edition, &story.slug);
        let _ = write!(
            body,
            "<url><loc>{}</loc><lastmod>{}</lastmod>",
            escape(&url),
            story.changed_at.to_rfc3339()
        );
        if let (Some(edition), Some(slug)) = (&story.translation_edition, &story.translation_slug) {
            // Each version lists every language version, itself included.
            let _ = write!(
                body,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/><xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                story.edition,
                escape(&url),
                edition,
                escape(&story_url(base, edition, slug)),
            );
        }
        body.push_str("</url>\n");
    }
    body.push_str("</urlset>\n");
    body
}

async fn news(app: &App, base: &str, stories: &[SitemapStory]) -> Result<String, AppError> {
    let editions = app.store.editions().await?;
    let publication = |edition: &str| {
        editions
            .iter()
            .find(|e| e.lang.code() == edition)
            .map(|e| e.site_name.clone())
            .unwrap_or_default()
    };
    let mut body = urlset_start(true);
    for story in stories {
        let _ = writeln!(
            body,
            "<url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name><news:language>{}</news:language></news:publication>\
             <news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>",
            escape(&story_url(base, &story.edition, &story.slug)),
            escape(&publication(&story.edition)),
            story.edition,
            story.published_at.to_rfc3339(),
            escape(&story.headline),
        );
    }
    body.push_str("</urlset>\n");
    Ok(body)
}

pub(crate) async fn robots(State(app): State<App>) -> Result<Response, AppError> {
    let base = base_url(&app).await?;
    let body = format!(
        "User-agent: *\nDisallow: /newsroom\nAllow: /\n\nSitemap: {base}/sitemap.xml\nSitemap: {base}/sitemaps/news.xml\n"
    );
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::{STORIES_PER_SITEMAP, files_for};

    #[test]
    fn every_story_id_falls_in_a_listed_file() {
        assert_eq!(files_for(0), 1, "an empty store still lists one file");
        assert_eq!(files_for(1), 1);
        assert_eq!(files_for(STORIES_PER_SITEMAP), 1);
        assert_eq!(files_for(STORIES_PER_SITEMAP + 1), 2);
        assert_eq!(files_for(1_000_022), 1_001);
    }
}

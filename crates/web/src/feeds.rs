//! RSS 2.0 and Atom feeds: whole stories (text, picture, authors, topics, dates) with
//! absolute links, for each edition and for each section, tag and author.

use dateline_domain::{Article, Lang};
use dateline_render::{PathKind, path_for};
use std::fmt::Write;

/// What a feed is about, in absolute terms.
pub(crate) struct Channel<'a> {
    pub lang: Lang,
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    /// The page the feed follows, and the feed's own address, both as paths.
    pub page_path: &'a str,
    pub feed_path: &'a str,
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Text (a dek, a tagline) in a field feed readers take as HTML (RSS's descriptions): escaped
/// as HTML, then that HTML escaped for XML, so that markup typed in it reaches readers as text.
fn escape_as_html(text: &str) -> String {
    escape(&escape(text))
}

/// The story's body as HTML whose links and pictures work outside the site.
pub(crate) fn absolute_body(base_url: &str, article: &Article) -> String {
    article
        .body_html
        .replace("href=\"/", &format!("href=\"{base_url}/"))
        .replace("src=\"/", &format!("src=\"{base_url}/"))
}

fn story_url(channel: &Channel<'_>, article: &Article) -> String {
    format!(
        "{}{}",
        channel.base_url,
        path_for(channel.lang, PathKind::Article, article.slug.as_str())
    )
}

pub(crate) fn rss(channel: &Channel<'_>, articles: &[Article]) -> String {
    let mut xml = String::with_capacity(4096 + articles.len() * 4096);
    let newest = articles
        .iter()
        .map(|a| a.updated_at.unwrap_or(a.published_at))
        .max();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:media=\"http://search.yahoo.com/mrss/\">\n<channel>\n<title>{}</title>\n<link>{}</link>\n\
         <description>{}</description>\n<language>{}</language>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        escape(channel.title),
        escape(&format!("{}{}", channel.base_url, channel.page_path)),
        escape_as_html(channel.description),
        channel.lang.code(),
        escape(&format!("{}{}", channel.base_url, channel.feed_path)),
    );
    if let Some(newest) = newest {
        let _ = writeln!(xml, "<lastBuildDate>{}</lastBuildDate>", newest.to_rfc2822());
    }
    for article in articles {
        let url = story_url(channel, article);
        let _ = write!(
            xml,
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"true\">{}</guid>\n<pubDate>{}</pubDate>\n\
             <description>{}</description>\n<content:encoded>{}</content:encoded>\n<category>{}</category>\n",
            escape(&article.headline),
            escape(&url),
            escape(&url),
            article.published_at.to_rfc2822(),
            escape_as_html(&article.dek),
            escape(&absolute_body(channel.base_url, article)),
            escape(&article.section.name),
        );
        for tag in &article.tags {
            let _ = writeln!(xml, "<category>{}</category>", escape(&tag.name));
        }
        for author in &article.authors {
            let _ = writeln!(xml, "<dc:creator>{}</dc:creator>", escape(&author.name));
        }
        if let Some(lead) = &article.lead {
            let _ = write!(
                xml,
                "<media:content url=\"{}\" medium=\"image\">\n<media:description>{}</media:description>\n\
                 <media:credit>{}</media:credit>\n</media:content>\n",
                escape(&format!("{}{}", channel.base_url, lead.src)),
                escape(&lead.alt),
                escape(&lead.credit),
            );
        }
        xml.push_str("</item>\n");
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

pub(crate) fn atom(channel: &Channel<'_>, articles: &[Article]) -> String {
    let mut xml = String::with_capacity(4096 + articles.len() * 4096);
    let newest = articles
        .iter()
        .map(|a| a.updated_at.unwrap_or(a.published_at))
        .max()
        .unwrap_or_else(chrono::Utc::now);
    let feed_url = format!("{}{}", channel.base_url, channel.feed_path);
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
         <title>{}</title>\n<subtitle>{}</subtitle>\n<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n\
         <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n<id>{}</id>\n<updated>{}</updated>\n",
        channel.lang.code(),
        escape(channel.title),
        escape(channel.description),
        escape(&format!("{}{}", channel.base_url, channel.page_path)),
        escape(&feed_url),
        escape(&feed_url),
        newest.to_rfc3339(),
    );
    for article in articles {
        let url = story_url(channel, article);
        let _ = write!(
            xml,
            "<entry>\n<title>{}</title>\n<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n<id>{}</id>\n\
             <published>{}</published>\n<updated>{}</updated>\n<summary>{}</summary>\n<content type=\"html\">{}</content>\n\
             <category term=\"{}\"/>\n",
            escape(&article.headline),
            escape(&url),
            escape(&url),
            article.published_at.to_rfc3339(),
            article.updated_at.unwrap_or(article.published_at).to_rfc3339(),
            escape(&article.dek),
            escape(&absolute_body(channel.base_url, article)),
            escape(&article.section.name),
        );
        for tag in &article.tags {
            let _ = writeln!(xml, "<category term=\"{}\"/>", escape(&tag.name));
        }
        for author in &article.authors {
            let _ = write!(
                xml,
                "<author>\n<name>{}</name>\n<uri>{}</uri>\n</author>\n",
                escape(&author.name),
                escape(&format!(
                    "{}{}",
                    channel.base_url,
                    path_for(channel.lang, PathKind::Author, author.slug.as_str())
                )),
            );
        }
        if let Some(lead) = &article.lead {
            let _ = writeln!(
                xml,
                "<link rel=\"enclosure\" href=\"{}\" type=\"{}\"/>",
                escape(&format!("{}{}", channel.base_url, lead.src)),
                dateline_render::content_type(&lead.src),
            );
        }
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

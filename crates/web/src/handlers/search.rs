//! The edition's search page: the reader's words, filters and order, and the stories that
//! match with their words highlighted. Whatever the query, the answer is a page that helps.

use crate::extract::Edition;
use crate::frame::Frame;
use crate::{App, AppError};
use axum::extract::{RawQuery, State};
use axum::response::Html;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use dateline_domain::Lang;
use dateline_render::{Catalogs, PathKind, Serde, Value, context, path_for};
use dateline_search::{MAX_QUERY_CHARS, SearchQuery, Sort, Total};
use std::collections::HashMap;

const RESULTS_PER_PAGE: usize = 10;
/// Deeper than anyone reads; it keeps a hostile `page=` from asking for the millionth page.
const MAX_PAGE: usize = 100;

/// What the reader asked for, read leniently: anything unreadable is left out, and said so
/// next to its field.
#[derive(Default)]
struct Request {
    text: String,
    cut: bool,
    section: String,
    from: String,
    to: String,
    sort: Sort,
    page: usize,
}

impl Request {
    fn parse(query: &str) -> Self {
        let mut request = Request {
            page: 1,
            ..Default::default()
        };
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim();
            match name.as_ref() {
                "q" => {
                    let text: String = value.chars().filter(|c| !c.is_control()).collect();
                    request.cut = text.chars().count() > MAX_QUERY_CHARS;
                    request.text = text
                        .chars()
                        .take(MAX_QUERY_CHARS)
                        .collect::<String>()
                        .trim()
                        .to_owned();
                }
                "section" => request.section = value.chars().take(200).collect(),
                "from" => request.from = value.chars().take(40).collect(),
                "to" => request.to = value.chars().take(40).collect(),
                "sort" if value == "newest" => request.sort = Sort::Newest,
                "page" => request.page = value.parse().unwrap_or(1).clamp(1, MAX_PAGE),
                _ => {}
            }
        }
        request
    }

    /// The address of this search at another page, or without its filters.
    fn url(&self, lang: Lang, page: usize, filtered: bool) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("q", &self.text);
        if filtered {
            for (name, value) in [("section", &self.section), ("from", &self.from), ("to", &self.to)] {
                if !value.is_empty() {
                    query.append_pair(name, value);
                }
            }
        }
        if self.sort == Sort::Newest {
            query.append_pair("sort", "newest");
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        format!("{}?{}", path_for(lang, PathKind::Search, ""), query.finish())
    }
}

/// A date field as the reader typed it: empty, a date, or not a date.
fn day(text: &str) -> Result<Option<NaiveDate>, ()> {
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ())
}

/// The moment a day begins in the site's time zone.
fn start_of(day: NaiveDate, zone: Tz) -> DateTime<Utc> {
    zone.from_local_datetime(&day.and_time(NaiveTime::MIN))
        .earliest()
        .map_or_else(
            || day.and_time(NaiveTime::MIN).and_utc(),
            |at| at.with_timezone(&Utc),
        )
}

pub(crate) async fn search(
    State(app): State<App>,
    Edition(lang): Edition,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, AppError> {
    let mut request = Request::parse(query.as_deref().unwrap_or(""));
    let frame = Frame::load(&app, lang).await?;
    let catalogs = app.renderer.catalogs();
    let zone: Tz = frame.time_zone().parse().unwrap_or(chrono_tz::UTC);
    let mut errors = HashMap::new();
    let mut notices = Vec::new();
    if request.cut {
        notices.push(catalogs.format(lang, "search.cut", &[("n", &MAX_QUERY_CHARS.to_string())]));
    }
    let mut from = day(&request.from).unwrap_or_else(|()| {
        errors.insert("from", catalogs.text(lang, "search.bad_date"));
        None
    });
    let mut to = day(&request.to).unwrap_or_else(|()| {
        errors.insert("to", catalogs.text(lang, "search.bad_date"));
        None
    });
    if let (Some(start), Some(end)) = (from, to)
        && start > end
    {
        (from, to) = (Some(end), Some(start));
        std::mem::swap(&mut request.from, &mut request.to);
        notices.push(catalogs.text(lang, "search.dates_swapped").to_owned());
    }
    let section = frame
        .sections()
        .iter()
        .find(|section| section.slug.as_str() == request.section)
        .map(|section| section.slug.as_str().to_owned());
    if section.is_none() {
        request.section.clear();
    }
    let filtered = section.is_some() || from.is_some() || to.is_some();
    let search = SearchQuery {
        lang,
        text: request.text.clone(),
        section,
        since: from.map(|day| start_of(day, zone)),
        // Up to the end of the last day chosen.
        until: to
            .and_then(|day| day.succ_opt())
            .map(|day| start_of(day, zone) - chrono::Duration::seconds(1)),
        sort: request.sort,
        offset: (request.page - 1) * RESULTS_PER_PAGE,
        limit: RESULTS_PER_PAGE,
    };
    let results = if request.text.is_empty() {
        dateline_search::SearchResults::default()
    } else {
        let index = app.clone();
        let searched = tokio::task::spawn_blocking(move || index.search.search(&search)).await;
        match searched {
            Ok(Ok(results)) => results,
            // Files damaged since the index was opened (told as an error, or as a panic of
            // one of tantivy's decoders): it is filled afresh, and meanwhile the reader gets a
            // page that helps rather than an error.
            Ok(Err(dateline_search::SearchError::Damaged)) => {
                tracing::error!("the search index is damaged; filling it afresh");
                app.rebuild_search_in_background();
                dateline_search::SearchResults::default()
            }
            Err(failed) if failed.is_panic() => {
                tracing::error!("a search of the index panicked; filling it afresh");
                app.rebuild_search_in_background();
                dateline_search::SearchResults::default()
            }
            Ok(Err(error)) => return Err(anyhow::Error::from(error).into()),
            Err(failed) => return Err(anyhow::Error::from(failed).into()),
        }
    };
    let stories = app
        .store
        .summaries_by_ids(&results.hits.iter().map(|hit| hit.id).collect::<Vec<_>>())
        .await?;
    // A hit whose story was unpublished a moment ago is left out.
    let shown: Vec<Value> = results
        .hits
        .into_iter()
        .filter_map(|hit| {
            let story = stories.iter().find(|story| story.id == hit.id)?;
            Some(context! {
                story => Serde(story),
                headline_html => Value::from_safe_string(hit.headline_html),
                snippet_html => Value::from_safe_string(hit.snippet_html),
            })
        })
        .collect();
    let total_pages = results
        .total
        .at_least()
        .div_ceil(RESULTS_PER_PAGE)
        .clamp(1, MAX_PAGE);
    let page = request.page;
    let context = context! {
        query => &request.text,
        section => &request.section,
        from => &request.from,
        to => &request.to,
        sort => if request.sort == Sort::Newest { "newest" } else { "relevance" },
        errors => Serde(errors),
        notice => notices.join(" "),
        max_chars => MAX_QUERY_CHARS,
        results => shown,
        count_text => count_text(catalogs, lang, results.total),
        page,
        total_pages,
        previous_url => (page > 1).then(|| request.url(lang, page - 1, true)),
        next_url => (page < total_pages).then(|| request.url(lang, page + 1, true)),
        filtered,
        unfiltered_url => request.url(lang, 1, false),
        ..frame.context()
    };
    Ok(Html(app.renderer.render("search.html", context)?))
}

fn count_text(catalogs: &Catalogs, lang: Lang, total: Total) -> String {
    let (key, count) = match total {
        Total::Exactly(count) => ("search.count", count),
        Total::MoreThan(count) => ("search.count_more", count),
    };
    catalogs.plural(lang, key, i64::try_from(count).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::{Total, count_text};
    use dateline_domain::Lang;
    use dateline_render::Catalogs;

    #[test]
    fn a_count_cut_short_says_there_are_more() {
        let catalogs = Catalogs::load().expect("the catalogs load");
        for (lang, total, said) in [
            (Lang::En, Total::Exactly(1), "1 story found"),
            (Lang::En, Total::Exactly(1000), "1000 stories found"),
            (Lang::En, Total::MoreThan(1000), "More than 1000 stories found"),
            (Lang::Ar, Total::MoreThan(1000), "عُثر على أكثر من ١٠٠٠ خبر"),
        ] {
            assert_eq!(count_text(&catalogs, lang, total), said);
        }
    }
}

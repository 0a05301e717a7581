//! The query parameters of the Content API as Ghost documents them, read into typed options.
//! Unknown parameters are ignored (the official client sends a slug read's `slug` again as a
//! parameter); known ones that cannot be used get Ghost's 422 naming the parameter.

use super::error::ApiError;
use dateline_domain::Lang;
use dateline_store::content_api::StoryOrder;
use dateline_store::stories::NewsroomOrder;

/// Ghost's page size when none is asked for.
const DEFAULT_LIMIT: u32 = 15;
/// Ghost 6 answers at most this many per page, `limit=all` included.
pub const MAX_LIMIT: u32 = 100;

/// What a request asked for, besides its key.
#[derive(Debug, Clone)]
pub struct Options {
    pub include: Vec<String>,
    /// Only these keys of each object, when given.
    pub fields: Option<Vec<String>>,
    pub html: bool,
    pub plaintext: bool,
    pub limit: u32,
    pub page: u32,
    pub order: Option<String>,
    pub filter: Option<String>,
    /// Dateline's: one edition's content only.
    pub edition: Option<Lang>,
}

impl Options {
    pub fn offset(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.limit)
    }

    pub fn includes(&self, what: &str) -> bool {
        self.include.iter().any(|included| included == what)
    }

    /// The stories' order asked for (Ghost's default: newest first).
    pub fn story_order(&self, action: &str) -> Result<StoryOrder, ApiError> {
        let Some(order) = &self.order else {
            return Ok(StoryOrder::NewestFirst);
        };
        let words: Vec<String> = order.split_whitespace().map(str::to_ascii_lowercase).collect();
        match words.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            ["published_at"] | ["published_at", "desc"] => Ok(StoryOrder::NewestFirst),
            ["published_at", "asc"] => Ok(StoryOrder::OldestFirst),
            ["title"] | ["title", "asc"] => Ok(StoryOrder::TitleAscending),
            ["title", "desc"] => Ok(StoryOrder::TitleDescending),
            _ => Err(invalid(action, "order")),
        }
    }

    /// The order of the Admin API's list of every story (default: the latest changed first).
    pub fn newsroom_order(&self, action: &str) -> Result<NewsroomOrder, ApiError> {
        let Some(order) = &self.order else {
            return Ok(NewsroomOrder::ChangedLast);
        };
        let words: Vec<String> = order.split_whitespace().map(str::to_ascii_lowercase).collect();
        match words.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            ["updated_at"] | ["updated_at", "desc"] => Ok(NewsroomOrder::ChangedLast),
            ["updated_at", "asc"] => Ok(NewsroomOrder::ChangedFirst),
            ["published_at"] | ["published_at", "desc"] => Ok(NewsroomOrder::PublishedLast),
            ["published_at", "asc"] => Ok(NewsroomOrder::PublishedFirst),
            ["title"] | ["title", "asc"] => Ok(NewsroomOrder::TitleAscending),
            ["title", "desc"] => Ok(NewsroomOrder::TitleDescending),
            _ => Err(invalid(action, "order")),
        }
    }

    /// Pages are listed by title; that is the only order they take.
    pub fn by_title_only(&self, action: &str) -> Result<(), ApiError> {
        match self.order.as_deref().map(str::trim) {
            None | Some("title asc" | "title") => Ok(()),
            Some(_) => Err(invalid(action, "order")),
        }
    }

    /// Tags and authors are listed by name; that is the only order they take.
    pub fn by_name_only(&self, action: &str) -> Result<(), ApiError> {
        match self.order.as_deref().map(str::trim) {
            None | Some("name asc" | "name") => Ok(()),
            Some(_) => Err(invalid(action, "order")),
        }
    }
}

pub fn invalid(action: &str, parameter: &str) -> ApiError {
    ApiError::Invalid {
        action: action.to_owned(),
        context: format!("Validation (matches) failed for {parameter}"),
    }
}

/// The key a request carries: exactly one, not empty.
pub fn key(query: &[(String, String)]) -> Result<&str, ApiError> {
    let mut keys = query
        .iter()
        .filter(|(name, _)| name == "key")
        .map(|(_, value)| value.as_str());
    match (keys.next(), keys.next()) {
        (Some(_), Some(_)) => Err(ApiError::KeyTwice),
        (Some(key), None) if !key.is_empty() => Ok(key),
        _ => Err(ApiError::NoKey),
    }
}

/// The value of parameter `name` (the last, when it is given more than once).
pub fn value<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Reads the options of a request whose action (for error messages) is `action`.
pub fn options(query: &[(String, String)], action: &str) -> Result<Options, ApiError> {
    let value = |name: &str| value(query, name);
    let list = |raw: &str| -> Vec<String> {
        raw.split(',')
            .map(|item| item.trim().to_ascii_lowercase())
            .filter(|item| !item.is_empty())
            .collect()
    };
    let mut options = Options {
        include: value("include").map(list).unwrap_or_default(),
        fields: value("fields").map(list),
        html: true,
        plaintext: false,
        limit: DEFAULT_LIMIT,
        page: 1,
        order: value("order")
            .map(str::to_owned)
            .filter(|order| !order.trim().is_empty()),
        filter: value("filter")
            .map(str::to_owned)
            .filter(|filter| !filter.trim().is_empty()),
        edition: None,
    };
    if let Some(formats) = value("formats") {
        let formats = list(formats);
        if let Some(unknown) = formats
            .iter()
            .find(|f| !matches!(f.as_str(), "html" | "plaintext" | "mobiledoc" | "lexical"))
        {
            tracing::debug!(unknown, "an unknown format asked for");
            return Err(ApiError::Invalid {
                action: action.to_owned(),
                context: "Validation (AllowedValues) failed for formats".to_owned(),
            });
        }
        options.html = formats.iter().any(|f| f == "html");
        options.plaintext = formats.iter().any(|f| f == "plaintext");
    }
    if let Some(limit) = value("limit") {
        // As Ghost 6: `all`, anything above the cap and anything unreadable become the cap.
        options.limit = match limit.trim().parse::<u32>() {
            Ok(0) => DEFAULT_LIMIT,
            Ok(n) => n.min(MAX_LIMIT),
            Err(_) => MAX_LIMIT,
        };
    }
    if let Some(page) = value("page") {
        options.page = match page.trim().parse::<u32>() {
            Ok(n) if n >= 1 && u64::from(n) * u64::from(MAX_LIMIT) < i64::MAX as u64 => n,
            _ => return Err(invalid(action, "page")),
        };
    }
    if let Some(edition) = value("edition") {
        options.edition = Some(edition.trim().parse().map_err(|_| invalid(action, "edition"))?);
    }
    if let Some(fields) = &options.fields
        && fields.iter().any(|f| {
            !f.bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
        })
    {
        return Err(invalid(action, "fields"));
    }
    Ok(options)
}

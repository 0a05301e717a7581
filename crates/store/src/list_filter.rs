//! Ghost's filters (NQL, parsed by `dateline-nql`) over the Content API's lists (published
//! stories, tags, authors, static pages), as SQL whose every value is a bound parameter: a
//! field is one of a fixed list per list, mapped to a fixed SQL fragment.

use chrono::{DateTime, Months, NaiveDate, NaiveDateTime, Utc};
use dateline_nql::{CompareOp, Condition, DateUnit, Filter, Test, TextPosition, Value};

/// A value bound to a placeholder of the filter's SQL.
#[derive(Debug, Clone, PartialEq)]
pub enum Bind {
    Text(String),
    Id(i64),
    Time(DateTime<Utc>),
}

/// Binds a filter's values (`Option<&ListFilter>`) to a query, after its own parameters.
macro_rules! bind_filter {
    ($query:expr, $filter:expr) => {{
        let mut query = $query;
        for bind in $filter.map_or(&[][..], |filter| &filter.binds[..]) {
            query = match bind {
                $crate::list_filter::Bind::Text(text) => query.bind(text.clone()),
                $crate::list_filter::Bind::Id(id) => query.bind(*id),
                $crate::list_filter::Bind::Time(at) => query.bind(*at),
            };
        }
        query
    }};
}
pub(crate) use bind_filter;

/// What a filter filters, each list with its table's alias: stories `a`, tags `t`, authors
/// `au`, static pages `p`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Published stories, as readers and the Content API see them.
    Posts,
    /// Every story, in any status, as the Admin API lists them.
    NewsroomPosts,
    Tags,
    Authors,
    Pages,
}

impl Subject {
    fn plural(self) -> &'static str {
        match self {
            Subject::Posts | Subject::NewsroomPosts => "posts",
            Subject::Tags => "tags",
            Subject::Authors => "authors",
            Subject::Pages => "pages",
        }
    }

    fn column(self, field: &str) -> Option<Column> {
        match self {
            Subject::Posts => post_column(field),
            Subject::NewsroomPosts => Some(match field {
                // Ghost's three statuses, and Dateline's five as they are.
                "status" => Column::Text(
                    "CASE a.status WHEN 'published' THEN 'published' WHEN 'scheduled' THEN 'scheduled' ELSE 'draft' END",
                ),
                "workflow_status" => Column::Text("a.status"),
                "published_at" => Column::Time("a.published_at"),
                "created_at" => Column::Time("a.created_at"),
                "updated_at" => Column::Time("a.modified_at"),
                "featured" => Column::Constant("false"),
                "visibility" => Column::Constant("public"),
                other => return post_column(other),
            }),
            Subject::Tags => Some(match field {
                "id" => Column::Id("t.id"),
                "slug" => Column::Text("t.slug"),
                "name" => Column::Text("t.name"),
                "edition" => Column::Text("t.edition"),
                "visibility" => Column::Constant("public"),
                _ => return None,
            }),
            Subject::Authors => Some(match field {
                "id" => Column::Id("au.id"),
                "slug" => Column::Text("au.slug"),
                "name" => Column::Text("au.name"),
                _ => return None,
            }),
            Subject::Pages => Some(match field {
                "id" => Column::Id("p.id"),
                "slug" => Column::Text("p.slug"),
                "title" => Column::Text("p.title"),
                "edition" => Column::Text("p.edition"),
                "published_at" | "created_at" | "updated_at" => Column::Time("p.updated_at"),
                "featured" => Column::Constant("false"),
                "visibility" => Column::Constant("public"),
                "status" => Column::Constant("published"),
                _ => return None,
            }),
        }
    }
}

/// A filter over one of the lists, ready to be put in a `WHERE`.
#[derive(Debug, Clone, PartialEq)]
pub struct ListFilter {
    subject: Subject,
    pieces: Vec<Piece>,
    pub(crate) binds: Vec<Bind>,
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Sql(&'static str),
    /// The placeholder of `binds[n]`.
    Param(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("{subject} cannot be filtered by {field}")]
    UnknownField { subject: &'static str, field: String },
    #[error("{field} takes {expected}")]
    BadValue { field: String, expected: &'static str },
}

/// What a field is, for the filter.
#[derive(Clone, Copy)]
enum Column {
    /// Text in the list's table (the SQL of the column).
    Text(&'static str),
    /// A time in the list's table.
    Time(&'static str),
    /// The list's id column, compared with ids in Ghost's form.
    Id(&'static str),
    /// Text in a related table, tested in a subquery: `EXISTS (<prefix> <column> … )`.
    Related {
        prefix: &'static str,
        column: &'static str,
    },
    /// Always this answer: Ghost's fields Dateline has one value for (`featured` is false,
    /// `visibility` public, `status` published).
    Constant(&'static str),
}

fn post_column(field: &str) -> Option<Column> {
    const TAGS: &str =
        "SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id AND";
    const AUTHORS: &str = "SELECT 1 FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = a.id AND";
    const SECTIONS: &str = "SELECT 1 FROM sections s WHERE s.id = a.section_id AND";
    Some(match field {
        "id" => Column::Id("a.id"),
        "slug" => Column::Text("a.slug"),
        "title" => Column::Text("a.headline"),
        "edition" => Column::Text("a.edition"),
        "custom_excerpt" => Column::Text("a.dek"),
        "published_at" | "created_at" => Column::Time("a.published_at"),
        "updated_at" => Column::Time("COALESCE(a.updated_at, a.published_at)"),
        "tag" | "tags.slug" => Column::Related {
            prefix: TAGS,
            column: "t.slug",
        },
        "tags.name" => Column::Related {
            prefix: TAGS,
            column: "t.name",
        },
        "author" | "authors.slug" => Column::Related {
            prefix: AUTHORS,
            column: "au.slug",
        },
        "authors.name" => Column::Related {
            prefix: AUTHORS,
            column: "au.name",
        },
        "section" | "section.slug" => Column::Related {
            prefix: SECTIONS,
            column: "s.slug",
        },
        "featured" => Column::Constant("false"),
        "visibility" => Column::Constant("public"),
        "status" => Column::Constant("published"),
        _ => return None,
    })
}

impl ListFilter {
    /// The filter `filter` over `subject`, with relative dates counted from `now`.
    pub fn new(subject: Subject, filter: &Filter, now: DateTime<Utc>) -> Result<Self, FilterError> {
        let mut built = ListFilter {
            subject,
            pieces: Vec::new(),
            binds: Vec::new(),
        };
        built.push_filter(filter, now)?;
        Ok(built)
    }

    /// The SQL, its placeholders numbered from `$first`.
    pub(crate) fn sql(&self, first: usize) -> String {
        let mut sql = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Sql(text) => sql.push_str(text),
                Piece::Param(n) => sql.push_str(&format!("${}", first + n)),
            }
        }
        sql
    }

    fn param(&mut self, bind: Bind) {
        self.pieces.push(Piece::Param(self.binds.len()));
        self.binds.push(bind);
    }

    fn sql_piece(&mut self, text: &'static str) {
        self.pieces.push(Piece::Sql(text));
    }

    fn push_filter(&mut self, filter: &Filter, now: DateTime<Utc>) -> Result<(), FilterError> {
        let (parts, joiner) = match filter {
            Filter::Condition(condition) => return self.push_condition(condition, now),
            Filter::And(parts) => (parts, " AND "),
            Filter::Or(parts) => (parts, " OR "),
        };
        self.sql_piece("(");
        for (n, part) in parts.iter().enumerate() {
            if n > 0 {
                self.sql_piece(joiner);
            }
            self.push_filter(part, now)?;
        }
        self.sql_piece(")");
        Ok(())
    }

    fn push_condition(&mut self, condition: &Condition, now: DateTime<Utc>) -> Result<(), FilterError> {
        let field = condition.field.as_str();
        let column = self
            .subject
            .column(field)
            .ok_or_else(|| FilterError::UnknownField {
                subject: self.subject.plural(),
                field: field.to_owned(),
            })?;
        let bad = |expected| FilterError::BadValue {
            field: field.to_owned(),
            expected,
        };
        match (column, &condition.test) {
            (Column::Constant(value), test) => {
                let holds = match test {
                    Test::Compare(CompareOp::Eq, v) => text_of(v) == Some(value),
                    Test::Compare(CompareOp::Ne, v) => text_of(v) != Some(value),
                    Test::In { negated, values } => {
                        values.iter().any(|v| text_of(v) == Some(value)) != *negated
                    }
                    _ => return Err(bad("one value, or a set")),
                };
                self.sql_piece(if holds { "1 = 1" } else { "1 = 0" });
            }
            (Column::Id(sql), Test::Compare(op @ (CompareOp::Eq | CompareOp::Ne), value)) => {
                self.sql_piece(sql);
                self.sql_piece(if *op == CompareOp::Eq { " = " } else { " <> " });
                self.param(Bind::Id(
                    id_of(value).ok_or_else(|| bad("an id (24 hex digits)"))?,
                ));
            }
            (Column::Id(sql), Test::In { negated, values }) => {
                let ids = values
                    .iter()
                    .map(|v| id_of(v).map(Bind::Id))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| bad("ids (24 hex digits)"))?;
                self.push_set(sql, *negated, ids);
            }
            (Column::Text(sql), Test::Compare(op @ (CompareOp::Eq | CompareOp::Ne), value)) => {
                let text = text_of(value).ok_or_else(|| bad("text"))?.to_owned();
                self.sql_piece(sql);
                self.sql_piece(if *op == CompareOp::Eq { " = " } else { " <> " });
                self.param(Bind::Text(text));
            }
            (Column::Text(sql), Test::In { negated, values }) => {
                let texts = texts(values).ok_or_else(|| bad("text"))?;
                self.push_set(sql, *negated, texts);
            }
            (
                Column::Text(sql),
                Test::Contains {
                    negated,
                    position,
                    text,
                },
            ) => {
                self.push_contains(sql, *negated, *position, text);
            }
            (Column::Time(sql), Test::Compare(op, value)) => {
                let at = time_of(value, now).ok_or_else(|| bad("a date (2026-01-31, or now-30d)"))?;
                self.sql_piece(sql);
                self.sql_piece(match op {
                    CompareOp::Eq => " = ",
                    CompareOp::Ne => " <> ",
                    CompareOp::Gt => " > ",
                    CompareOp::Gte => " >= ",
                    CompareOp::Lt => " < ",
                    CompareOp::Lte => " <= ",
                });
                self.param(Bind::Time(at));
            }
            (Column::Related { prefix, column }, test) => {
                // `tag:-news` and `tag:-[a,b]` are the stories with no such tag.
                let (negated, positive) = match test {
                    Test::Compare(CompareOp::Eq, v) => (false, Test::Compare(CompareOp::Eq, v.clone())),
                    Test::Compare(CompareOp::Ne, v) => (true, Test::Compare(CompareOp::Eq, v.clone())),
                    Test::In { negated, values } => (
                        *negated,
                        Test::In {
                            negated: false,
                            values: values.clone(),
                        },
                    ),
                    Test::Contains {
                        negated,
                        position,
                        text,
                    } => (
                        *negated,
                        Test::Contains {
                            negated: false,
                            position: *position,
                            text: text.clone(),
                        },
                    ),
                    Test::Compare(..) => return Err(bad("one value, a set, or ~ for a part of it")),
                };
                self.sql_piece(if negated { "NOT EXISTS (" } else { "EXISTS (" });
                self.sql_piece(prefix);
                self.sql_piece(" ");
                match positive {
                    Test::Compare(_, value) => {
                        self.sql_piece(column);
                        self.sql_piece(" = ");
                        self.param(Bind::Text(text_of(&value).ok_or_else(|| bad("text"))?.to_owned()));
                    }
                    Test::In { values, .. } => {
                        let texts = texts(&values).ok_or_else(|| bad("text"))?;
                        self.push_set(column, false, texts);
                    }
                    Test::Contains { position, text, .. } => {
                        self.push_contains(column, false, position, &text)
                    }
                }
                self.sql_piece(")");
            }
            (Column::Id(_) | Column::Text(_), _) => return Err(bad("one value or a set")),
            (Column::Time(_), _) => return Err(bad("a date compared with : > >= < <=")),
        }
        Ok(())
    }

    fn push_set(&mut self, sql: &'static str, negated: bool, binds: Vec<Bind>) {
        if binds.is_empty() {
            self.sql_piece(if negated { "1 = 1" } else { "1 = 0" });
            return;
        }
        self.sql_piece(sql);
        self.sql_piece(if negated { " NOT IN (" } else { " IN (" });
        for (n, bind) in binds.into_iter().enumerate() {
            if n > 0 {
                self.sql_piece(", ");
            }
            self.param(bind);
        }
        self.sql_piece(")");
    }

    /// Text containing `text` (case aside), `%`, `_` and `\` in it taken literally.
    fn push_contains(&mut self, sql: &'static str, negated: bool, position: TextPosition, text: &str) {
        let escaped: String = text
            .to_lowercase()
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        let pattern = match position {
            TextPosition::Anywhere => format!("%{escaped}%"),
            TextPosition::Start => format!("{escaped}%"),
            TextPosition::End => format!("%{escaped}"),
        };
        self.sql_piece("LOWER(");
        self.sql_piece(sql);
        self.sql_piece(if negated { ") NOT LIKE " } else { ") LIKE " });
        self.param(Bind::Text(pattern));
        self.sql_piece(" ESCAPE '\\'");
    }
}

fn text_of(value: &Value) -> Option<&str> {
    match value {
        Value::Text(text) => Some(text),
        Value::Bool(true) => Some("true"),
        Value::Bool(false) => Some("false"),
        _ => None,
    }
}

fn texts(values: &[Value]) -> Option<Vec<Bind>> {
    values
        .iter()
        .map(|v| text_of(v).map(|t| Bind::Text(t.to_owned())))
        .collect()
}

/// An id in Ghost's form (24 hex digits).
fn id_of(value: &Value) -> Option<i64> {
    match value {
        Value::Text(text) => dateline_domain::object_id::from_object_id(text),
        _ => None,
    }
}

fn time_of(value: &Value, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    match value {
        Value::RelativeDate(relative) => {
            let amount = relative.amount();
            match relative.unit() {
                DateUnit::Months | DateUnit::Years => {
                    let months = u32::try_from(amount.unsigned_abs()).ok()?;
                    let months = if relative.unit() == DateUnit::Years {
                        months.checked_mul(12)?
                    } else {
                        months
                    };
                    if amount < 0 {
                        now.checked_sub_months(Months::new(months))
                    } else {
                        now.checked_add_months(Months::new(months))
                    }
                }
                _ => {
                    now.checked_add_signed(chrono::TimeDelta::try_seconds(relative.fixed_offset_seconds()?)?)
                }
            }
        }
        Value::Text(text) => {
            let text = text.trim();
            DateTime::parse_from_rfc3339(text)
                .map(|at| at.with_timezone(&Utc))
                .ok()
                .or_else(|| {
                    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                        .ok()
                        .map(|at| at.and_utc())
                })
                .or_else(|| {
                    NaiveDate::parse_from_str(text, "%Y-%m-%d")
                        .ok()
                        .and_then(|day| day.and_hms_opt(0, 0, 0))
                        .map(|at| at.and_utc())
                })
        }
        _ => None,
    }
}
